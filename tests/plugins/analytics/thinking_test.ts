import assert from "node:assert/strict";
import { defaultConfig } from "../../../core/config/schema.ts";
import type { QueueAgentConfig } from "../../../agents/agent_task.ts";
import { jobFromQueue } from "../../../agents/queue_agent.ts";
import { defaults } from "../../../plugins/analytics/config.ts";
import { adaptiveChooser, thinkingFor } from "../../../plugins/analytics/routing/tier_chooser.ts";
import { outcome, tempStore } from "./history_rows.ts";

const models = defaultConfig().models;

function template(
  choice: QueueAgentConfig["template"]["choice"],
  agent: Partial<QueueAgentConfig["template"]["agent"]> = {},
): QueueAgentConfig {
  return {
    template: {
      agent: {
        name: "architect-agent",
        model: "opus",
        version: "v1",
        prompt: "You design.",
        tools: [],
        thinking: undefined,
        budget: {},
        permissions: { read: true, write: false, net: false, run: false, env: false },
        ...agent,
      },
      root: "/tmp",
      models,
      ...(choice ? { choice } : {}),
    },
    env: {},
    run: false,
  };
}

Deno.test("extended thinking: on for complex tasks and after a failure, off otherwise", () => {
  const settings = defaults.thinking;
  assert.match(
    thinkingFor(settings, "design the migration of the schema", "design", undefined)?.why ?? "",
    /^extended thinking \(4096 tokens\): complexity high \(hard-work words \(3\)\)$/,
  );
  assert.equal(thinkingFor(settings, "fix the typo", "fix", { ok: true }), undefined);
  assert.match(
    thinkingFor(settings, "fix the login", "fix", { ok: false })?.why ?? "",
    /the last fix task failed/,
  );
  assert.equal(
    thinkingFor({ ...settings, enabled: false }, "design the schema", "design", undefined),
    undefined,
  );
});

Deno.test("extended thinking: the chooser's choice reaches the job, within the agent's token budget", async () => {
  const { store, cleanup } = await tempStore();
  try {
    store.record(
      outcome({ tier: "opus", kind: "design", outcome: "dead", finishedAt: Date.now() - 1000 }),
    );
    const chooser = adaptiveChooser(store, defaults, () => Date.now());
    const choice = chooser.choose({
      agent: "architect-agent",
      task: "write the notes",
      kind: "design",
      baseTier: "opus",
    })!;
    assert.deepEqual(choice.thinking, { budgetTokens: 4096 });
    assert.ok(
      choice.steps.includes("extended thinking (4096 tokens): the last design task failed"),
    );

    const job = jobFromQueue(template(choice), "job_t1", "write the notes");
    assert.deepEqual(job.agent.thinking, { type: "enabled", budgetTokens: 4096 });
    assert.ok(job.maxTokens >= 4096 + 1024);
    // The agent's token budget caps thinking at half of it; below the API's 1,024 minimum: none.
    const capped = jobFromQueue(template(choice, { budget: { tokens: 3000 } }), "job_t2", "x");
    assert.deepEqual(capped.agent.thinking, { type: "enabled", budgetTokens: 1500 });
    const tiny = jobFromQueue(template(choice, { budget: { tokens: 1500 } }), "job_t3", "x");
    assert.equal(tiny.agent.thinking, undefined);
    // An agent file's own thinking setting wins.
    const own = jobFromQueue(template(choice, { thinking: { type: "adaptive" } }), "job_t4", "x");
    assert.deepEqual(own.agent.thinking, { type: "adaptive" });
    // No choice (pinned model, or analytics off): nothing changes.
    assert.equal(
      jobFromQueue(template(undefined), "job_t5", "design the schema").agent.thinking,
      undefined,
    );
  } finally {
    await cleanup();
  }
});

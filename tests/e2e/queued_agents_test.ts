/**
 * Model agents through the queue, end to end: `task create` puts the job on
 * the queue, a `worker` process runs it in the agent's sandboxed Web Worker
 * against the fake Messages API (the real SDK, through ANTHROPIC_BASE_URL),
 * the model's tool calls edit the temp project, and the main thread records
 * what the sandbox relayed — tool-call events, the closing task event and a
 * cost-ledger line — under the job's correlation id. A pipeline fans out
 * and in through the queue; a failing node blocks its dependants only.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Sandbox } from "../support/cli.ts";
import {
  apiError,
  type FakeAnthropic,
  type FakeReply,
  startFakeAnthropic,
  text,
  toolUse,
} from "../support/fake_anthropic.ts";
import { json, queueSandbox } from "./queue_fixture.ts";

/** Short polls so a `worker --once` run does not idle. */
const FAST = { SUPER_AGENTS_QUEUE_POLL_MS: "20" };

// deno-lint-ignore no-explicit-any
function agentOf(body: any): string {
  return /You are ([a-z0-9-]+) \(/.exec(JSON.stringify(body.system))?.[1] ?? "unknown";
}

// deno-lint-ignore no-explicit-any
function firstTurn(body: any): boolean {
  return body.messages.length === 1;
}

// deno-lint-ignore no-explicit-any
function userText(body: any): string {
  return JSON.stringify(body.messages[0].content);
}

// deno-lint-ignore no-explicit-any
async function events(sandbox: Sandbox): Promise<any[]> {
  const log = await Deno.readTextFile(join(sandbox.project, ".claude/events/log.ndjson"));
  return log.trim().split("\n").map((line) => JSON.parse(line));
}

function modelEnv(fake: FakeAnthropic): Record<string, string> {
  return { ...FAST, ANTHROPIC_API_KEY: "sk-test-dummy", ANTHROPIC_BASE_URL: fake.url };
}

Deno.test("queued agents: developer-agent edits a file through tool calls; events and cost recorded", async () => {
  const sandbox = await queueSandbox();
  const fake = await startFakeAnthropic({
    responder: (body): FakeReply =>
      firstTurn(body)
        ? toolUse("Edit", { file_path: "notes.txt", old_string: "draft", new_string: "final" })
        : text("Edited notes.txt.", { input_tokens: 1200, output_tokens: 300 }),
  });
  try {
    await Deno.writeTextFile(join(sandbox.project, "notes.txt"), "draft\n");
    const created = await json(sandbox, [
      "task",
      "create",
      "developer-agent",
      "--input",
      "finalise notes.txt",
    ]);
    const id = created.jobs[0].id;
    const run = await sandbox.run(["worker", "--once", "--json"], { env: modelEnv(fake) });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).succeeded, 1, run.stderr);

    assert.equal(await Deno.readTextFile(join(sandbox.project, "notes.txt")), "final\n");
    assert.equal(fake.messageRequests().length, 2);
    assert.equal(agentOf(fake.messageRequests()[0].body), "developer-agent");
    assert.match(userText(fake.messageRequests()[0].body), /finalise notes\.txt/);

    const mine = (await events(sandbox)).filter((e) => e.task === id);
    assert.ok(mine.every((e) => e.correlation_id === created.correlationId));
    const types = mine.map((e) => e.type);
    for (const type of ["task.created", "job.started", "agent.tool_call", "task.completed"]) {
      assert.ok(types.includes(type), `${type} in ${types.join(", ")}`);
    }
    // Relayed records are written before the job's end.
    assert.equal(types.at(-1), "job.succeeded");
    assert.ok(types.indexOf("agent.tool_call") < types.indexOf("task.completed"));
    const toolCall = mine.find((e) => e.type === "agent.tool_call");
    assert.equal(toolCall.payload.tool ?? toolCall.payload.name, "Edit");

    const ledger = (await Deno.readTextFile(join(sandbox.project, ".claude/state/costs.ndjson")))
      .trim().split("\n").map((line) => JSON.parse(line));
    const line = ledger.find((entry) => entry.task === id);
    assert.equal(line.agent, "developer-agent");
    assert.equal(line.provider, "anthropic");
    assert.equal(line.status, "completed");
    assert.equal(line.turns, 2);
    assert.ok(line.tokens >= 1500, `tokens ${line.tokens}`);
    assert.ok(line.costUsd > 0);

    const shown = await sandbox.run(["task", "show", id]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /succeeded/);
    assert.match(shown.stdout, /developer-agent/);
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("queued agents: without an API key a model job dead-letters at once with the fix", async () => {
  const sandbox = await queueSandbox();
  try {
    const { jobs: [job] } = await json(sandbox, [
      "task",
      "create",
      "reviewer-agent",
      "--input",
      "x",
    ]);
    const run = await sandbox.run(["worker", "--once", "--json"], { env: FAST });
    assert.equal(run.code, 1, run.stderr); // a job died: worker --once exits 1
    const { job: dead } = await json(sandbox, ["task", "show", job.id]);
    assert.equal(dead.state, "dead");
    assert.equal(dead.attempts, 1);
    assert.equal(dead.error.code, "NO_API_KEY");
    assert.match(dead.error.details.hint, /ANTHROPIC_API_KEY/);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("queued agents: a pipeline fans out and in; a failing node blocks its dependants, not its siblings", async () => {
  const sandbox = await queueSandbox();
  const fake = await startFakeAnthropic({
    responder: (body): FakeReply => {
      const agent = agentOf(body);
      if (agent === "security-agent") return apiError(400, undefined, "refused by the test");
      if (agent === "developer-agent" && firstTurn(body)) {
        return toolUse("Write", { file_path: "src/feature.ts", content: "export const f = 1;\n" });
      }
      return text(`${agent} report`);
    },
  });
  try {
    await Deno.mkdir(join(sandbox.project, "src"));
    const pipeline = join(sandbox.home, "pipeline.json");
    await Deno.writeTextFile(
      pipeline,
      JSON.stringify({
        name: "small",
        steps: [
          { name: "plan", agent: "pm-agent" },
          { name: "build", agent: "developer-agent", dependsOn: ["plan"] },
          { name: "audit", agent: "security-agent", dependsOn: ["plan"] },
          { name: "review", agent: "reviewer-agent", dependsOn: ["plan", "build"] },
          { name: "ship", agent: "integrator-agent", dependsOn: ["review", "audit"] },
        ],
      }),
    );
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline-file",
      pipeline,
      "--input",
      "add feature f",
    ]);
    const run = await sandbox.run(
      ["worker", "--once", "--concurrency", "2", "--json"],
      { env: modelEnv(fake) },
    );
    assert.equal(run.code, 1, run.stderr); // a job died: worker --once exits 1

    const { flow } = await json(sandbox, ["task", "show", created.flow]);
    // deno-lint-ignore no-explicit-any
    const state = Object.fromEntries(flow.map((job: any) => [job.node, job]));
    assert.equal(state.plan.state, "succeeded");
    assert.equal(state.build.state, "succeeded");
    assert.equal(state.review.state, "succeeded", "the failed audit does not block its sibling");
    assert.equal(state.audit.state, "dead");
    assert.equal(state.audit.error.code, "MODEL_REQUEST_FAILED");
    assert.equal(state.ship.state, "failed");
    assert.equal(state.ship.error.code, "DEPENDENCY_FAILED");
    assert.equal(state.ship.attempts, 0, "a blocked node never runs");

    assert.equal(
      await Deno.readTextFile(join(sandbox.project, "src/feature.ts")),
      "export const f = 1;\n",
    );
    // Fan-in: the review step's task carries both results it waited for.
    const review = fake.messageRequests().find((r) => agentOf(r.body) === "reviewer-agent")!;
    assert.match(userText(review.body), /add feature f/);
    assert.match(userText(review.body), /## plan \(pm-agent\)/);
    assert.match(userText(review.body), /## build \(developer-agent\)/);
    assert.match(userText(review.body), /developer-agent report/);
    assert.equal(
      fake.messageRequests().filter((r) => agentOf(r.body) === "integrator-agent").length,
      0,
    );

    const ledger = (await Deno.readTextFile(join(sandbox.project, ".claude/state/costs.ndjson")))
      .trim().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(
      ledger.map((entry) => `${entry.agent}:${entry.status}`).sort(),
      [
        "developer-agent:completed",
        "pm-agent:completed",
        "reviewer-agent:completed",
        "security-agent:failed",
      ],
    );
    const all = await events(sandbox);
    const failed = all.find((e) => e.type === "task.failed" && e.agent === "security-agent");
    assert.equal(failed.correlation_id, created.correlationId);
    assert.equal(failed.payload.error.code, "MODEL_REQUEST_FAILED");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

/**
 * Inside a parallel flow: a subtask that depends on another starts from
 * that subtask's result (its branch merged into the fresh worktree), and
 * its own commit holds only its own files; the pm step, which runs before
 * any worktree exists, may write nothing — not even with a project pm-agent
 * whose trusted grants say `write: ["."]`. A plan with a cycle stops the
 * flow in `needs-attention` before any developer is queued.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";
import { byRole, flowSandbox, planReply, toolResults } from "./flow_fixture.ts";
import { json } from "./queue_fixture.ts";

const PM_AGENT = `---
name: pm-agent
description: Turns a request into requirements and acceptance criteria for the team.
tools: Read, Write
model: sonnet
super-agents:
  version: pm-agent_20990101
  permissions:
    read: ["."]
    write: ["."]
---

You write requirements.
`;

Deno.test("flow: a dependent subtask builds on its dependency; the pm writes nothing", async () => {
  const { sandbox, repo } = await flowSandbox({ "README.md": "# app\n" });
  await Deno.mkdir(join(sandbox.project, ".claude", "agents"), { recursive: true });
  await Deno.writeTextFile(join(sandbox.project, ".claude", "agents", "pm-agent.md"), PM_AGENT);
  const trusted = await sandbox.run(["agents", "trust", "pm-agent", "--yes"]);
  assert.equal(trusted.code, 0, trusted.stderr);
  const fake = await startFakeAnthropic({
    responder: byRole((role) => {
      if (role.kind === "pm") {
        return [
          toolUse("Write", { file_path: "README.md", content: "pm was here\n" }),
          text("reqs"),
        ];
      }
      if (role.kind === "architect") {
        return [planReply([
          { id: "api", title: "the api", owns: ["api.ts"] },
          { id: "ui", title: "the ui", owns: ["ui.ts"], dependsOn: ["api"] },
        ])];
      }
      if (role.kind === "developer" && role.subtask === "api") {
        return [
          toolUse("Write", { file_path: "api.ts", content: "export const api = 1;\n" }),
          text("ok"),
        ];
      }
      if (role.kind === "developer" && role.subtask === "ui") {
        return [
          toolUse("Read", { file_path: "api.ts" }),
          toolUse("Write", { file_path: "ui.ts", content: "import { api } from './api.ts';\n" }),
          text("ok"),
        ];
      }
      return undefined;
    }),
  });
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "api+ui",
    ]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(worker.code, 0, worker.stderr + worker.stdout);
    const [pmWrite] = toolResults(fake.requests, (r) => r.kind === "pm");
    assert.match(pmWrite, /sandbox/, pmWrite);
    assert.equal(await Deno.readTextFile(join(sandbox.project, "README.md")), "# app\n");

    const [read] = toolResults(fake.requests, (r) => r.kind === "developer" && r.subtask === "ui");
    assert.match(read, /export const api = 1;/, "ui started from api's result");
    const view = await json(sandbox, ["flow", "show", created.flow]);
    assert.equal(view.state, "ready", view.attention);
    assert.deepEqual(view.subtasks.map((s: { files: string[] }) => s.files), [["api.ts"], [
      "ui.ts",
    ]]);
    assert.equal(
      await repo.git("show", `${view.result.branch}:ui.ts`),
      "import { api } from './api.ts';\n",
    );
    assert.equal(await repo.git("show", `${view.result.branch}:api.ts`), "export const api = 1;\n");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

Deno.test("flow: a plan with a cycle stops the flow in needs-attention; no developer is queued", async () => {
  const { sandbox } = await flowSandbox({ "README.md": "# app\n" });
  const fake = await startFakeAnthropic({
    responder: byRole((role) =>
      role.kind === "architect"
        ? [planReply([
          { id: "a", title: "a", owns: ["a.ts"], dependsOn: ["b"] },
          { id: "b", title: "b", owns: ["b.ts"], dependsOn: ["a"] },
        ])]
        : undefined
    ),
  });
  try {
    const created = await json(sandbox, [
      "task",
      "create",
      "--pipeline",
      "software",
      "--input",
      "x",
    ]);
    const worker = await sandbox.run(["worker", "--once", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(worker.code, 1, "the plan step died");
    const view = await json(sandbox, ["flow", "show", created.flow]);
    assert.equal(view.state, "needs-attention");
    assert.match(
      view.attention,
      /plan dead: the architect's plan: the subtasks have a cycle: a → b → a/,
    );
    assert.deepEqual(view.jobs.map((j: { node: string }) => j.node), ["pm", "architect", "plan"]);
    const plan = view.jobs.at(-1);
    assert.equal(plan.error.code, "FLOW_PLAN_INVALID");
    assert.equal(plan.attempts, 1, "not retried: the same reply would fail the same way");
  } finally {
    await fake.close();
    await sandbox.cleanup();
  }
});

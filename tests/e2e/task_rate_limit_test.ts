/**
 * `task create` and the MCP `task_create` tool share one rate limit per
 * project (`resources.tasksPerMinute`): over it, a request fails before
 * anything is queued, with the limit and the config key in the error; a
 * limit of 0 turns it off.
 */
import assert from "node:assert/strict";
import { json, queueSandbox } from "./queue_fixture.ts";

Deno.test("task create: over resources.tasksPerMinute the CLI and MCP are refused, nothing queued", async () => {
  const sandbox = await queueSandbox({ resources: { tasksPerMinute: 2 } });
  try {
    await json(sandbox, ["task", "create", "noop", "--input", "one"]);
    const viaMcp = await sandbox.run([
      "mcp",
      "call",
      "task_create",
      "--args",
      JSON.stringify({ agent: "developer-agent", task: "two" }),
      "--json",
    ]);
    assert.equal(viaMcp.code, 0, viaMcp.stderr);

    const refused = await sandbox.run(["task", "create", "noop", "--input", "three"]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /too many task-create requests: the limit is 2 per minute/);
    assert.match(refused.stderr, /super-agents config set resources\.tasksPerMinute <n>/);

    const refusedMcp = await sandbox.run([
      "mcp",
      "call",
      "task_create",
      "--args",
      JSON.stringify({ agent: "developer-agent", task: "four" }),
    ]);
    assert.equal(refusedMcp.code, 1);
    assert.match(refusedMcp.stderr, /the limit is 2 per minute/);
    assert.match(refusedMcp.stderr, /resources\.tasksPerMinute/);

    const { jobs } = await json(sandbox, ["task", "list"]);
    assert.equal(jobs.length, 2, "the refused requests queued nothing");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("task create: resources.tasksPerMinute 0 disables the limit", async () => {
  const sandbox = await queueSandbox({ resources: { tasksPerMinute: 0 } });
  try {
    for (const input of ["a", "b", "c"]) {
      await json(sandbox, ["task", "create", "noop", "--input", input]);
    }
    assert.equal((await json(sandbox, ["task", "list"])).jobs.length, 3);
  } finally {
    await sandbox.cleanup();
  }
});

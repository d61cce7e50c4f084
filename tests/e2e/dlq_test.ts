/** `super-agents dlq` through the real CLI, with a worker producing dead jobs. */
import assert from "node:assert/strict";
import { json, queueSandbox, script } from "./queue_fixture.ts";

Deno.test("dlq: attempts exhausted → dead with the error; retry and purge", async () => {
  const sandbox = await queueSandbox({ queue: { backoffBaseMs: 0 } });
  try {
    const failing = script({ op: "fail", message: "always broken" });
    const { jobs: [job] } = await json(sandbox, [
      "task",
      "create",
      "script",
      "--input",
      failing,
      "--max-attempts",
      "2",
    ]);
    const run = await json(sandbox, ["worker", "--once"]);
    assert.equal(run.retried, 1);
    assert.equal(run.dead, 1);
    const dead = await json(sandbox, ["dlq", "list"]);
    assert.equal(dead.jobs.length, 1);
    assert.equal(dead.jobs[0].id, job.id);
    assert.equal(dead.jobs[0].attempts, 2);
    assert.match(dead.jobs[0].error.message, /always broken/);
    const refused = await sandbox.run(["dlq", "purge"]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--all/);
    assert.equal((await json(sandbox, ["dlq", "retry", job.id])).retried, 1);
    assert.equal((await json(sandbox, ["task", "show", job.id])).job.state, "queued");
    await json(sandbox, ["worker", "--once"]);
    assert.equal((await json(sandbox, ["dlq", "purge", "--all"])).purged, 1);
    assert.deepEqual((await json(sandbox, ["dlq", "list"])).jobs, []);
  } finally {
    await sandbox.cleanup();
  }
});

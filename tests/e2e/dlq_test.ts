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
    const worker = await sandbox.run(["worker", "--once", "--json"]);
    assert.equal(worker.code, 1, worker.stderr); // a job died: worker --once exits 1
    const run = JSON.parse(worker.stdout);
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
    const again = await sandbox.run(["worker", "--once"]); // the retried job dies again
    assert.equal(again.code, 1, again.stderr);
    assert.equal((await json(sandbox, ["dlq", "purge", "--all"])).purged, 1);
    assert.deepEqual((await json(sandbox, ["dlq", "list"])).jobs, []);
  } finally {
    await sandbox.cleanup();
  }
});

/**
 * Checkpoints through a real pool worker: the executor receives the task's
 * checkpoint as `job.checkpoint` and the `script` executor starts after it;
 * a checkpoint it saves is reported as progress data and stays in every
 * later progress report (the queue stores the last report whole).
 */
import assert from "node:assert/strict";
import type { JobProgress } from "../../../core/queue/job.ts";
import { poolFixture, task } from "../../core/pool/pool_fixture.ts";

Deno.test("checkpoint: saved as progress data and kept by later progress reports", async () => {
  const f = await poolFixture({ size: 1 });
  try {
    const reports: JobProgress[] = [];
    const outcome = await f.pool.run(task({
      input: { ops: [{ op: "checkpoint" }, { op: "progress", percent: 50 }] },
      onProgress: (progress) => reports.push(progress),
    }));
    assert.equal(outcome.kind, "succeeded", JSON.stringify(outcome));
    assert.deepEqual(reports, [{ data: { next: 1 } }, { percent: 50, data: { next: 1 } }]);
  } finally {
    await f.cleanup();
  }
});

Deno.test("checkpoint: a task with a checkpoint starts after it; without one, at the start", async () => {
  const f = await poolFixture({ size: 1 });
  try {
    const ops = [
      { op: "write", path: "one.txt" },
      { op: "checkpoint" },
      { op: "write", path: "two.txt" },
    ];
    const resumed = await f.pool.run(task({ input: { ops }, checkpoint: { next: 2 } }));
    assert.equal(resumed.kind, "succeeded", JSON.stringify(resumed));
    if (resumed.kind !== "succeeded") return;
    const result = resumed.result as { resumedAt?: number; results: { op: string }[] };
    assert.equal(result.resumedAt, 2);
    assert.deepEqual(result.results.map((r) => r.op), ["write"]);

    const fresh = await f.pool.run(task({ input: { ops } }));
    assert.equal(fresh.kind, "succeeded");
    if (fresh.kind !== "succeeded") return;
    const all = fresh.result as { resumedAt?: number; results: { op: string }[] };
    assert.equal(all.resumedAt, undefined);
    assert.deepEqual(all.results.map((r) => r.op), ["write", "checkpoint", "write"]);
  } finally {
    await f.cleanup();
  }
});

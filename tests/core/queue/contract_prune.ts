/**
 * The retention part of the queue contract (`TaskQueue.prune`), registered
 * by `queueContract` for every backend: old finished jobs go, live work and
 * what it needs (dependencies, transitively, and whole flows) stay, the
 * dead-letter queue is left alone, and a pruned job's idempotency key is
 * free again.
 * @module
 */

import assert from "node:assert/strict";
import type { QueueSettings, TaskQueue } from "../../../core/queue/queue.ts";

/** How `queueContract` registers one test. */
export type ContractTest = (
  name: string,
  settings: Partial<QueueSettings>,
  fn: (queue: TaskQueue) => Promise<void>,
) => void;

/** Every job finished so far counts as old. */
const everything = () => ({ finishedBefore: Date.now() + 1_000 });

async function runAll(queue: TaskQueue): Promise<void> {
  for (const job of await queue.claimMany("w", 10_000, 50)) {
    await queue.complete(job.id, "w", { done: job.id });
  }
}

/** Registers the retention tests with `test`. */
export function pruneContract(test: ContractTest): void {
  test("prune deletes old succeeded and cancelled jobs, keeps the rest", {
    maxAttempts: 1,
  }, async (queue) => {
    const done = (await queue.enqueue({ agent: "noop" })).job;
    await runAll(queue);
    const cancelled = (await queue.enqueue({ agent: "noop" })).job;
    await queue.cancel(cancelled.id);
    const dead = (await queue.enqueue({ agent: "noop" })).job;
    await queue.claim("w", 10_000);
    await queue.fail(dead.id, "w", { message: "boom", code: "BOOM" });
    const waiting = (await queue.enqueue({ agent: "noop" })).job;
    assert.equal(await queue.prune({ finishedBefore: 0 }), 0, "nothing finished before 1970");
    assert.equal(await queue.prune(everything()), 2);
    assert.equal(await queue.get(done.id), undefined);
    assert.equal(await queue.get(cancelled.id), undefined);
    assert.equal((await queue.get(dead.id))?.state, "dead", "the dead-letter queue is kept");
    assert.equal((await queue.get(waiting.id))?.state, "queued");
    assert.equal(await queue.prune(everything()), 0);
    assert.equal((await queue.stats()).total, 2);
  });

  test("prune keeps a finished job while a dependant may still need it", {}, async (queue) => {
    const first = (await queue.enqueue({ agent: "noop" })).job;
    await runAll(queue);
    const dependant = (await queue.enqueue({ agent: "noop", dependsOn: [first.id] })).job;
    assert.equal(await queue.prune(everything()), 0);
    assert.equal((await queue.get(first.id))?.state, "succeeded");
    assert.equal((await queue.claim("w", 10_000))?.id, dependant.id);
    assert.deepEqual((await queue.dependencyResults(dependant.id)).map((r) => r.result), [
      { done: first.id },
    ]);
  });

  test(
    "prune keeps a live job's dependencies transitively; a finished graph goes whole",
    {},
    async (
      queue,
    ) => {
      await queue.enqueueMany([
        { id: "job_ga", agent: "noop" },
        { id: "job_gb", agent: "noop", dependsOn: ["job_ga"] },
      ]);
      await runAll(queue);
      await runAll(queue);
      await queue.enqueue({ id: "job_gc", agent: "noop", dependsOn: ["job_gb"] });
      assert.equal(await queue.prune(everything()), 0, "c may still run: b and a stay");
      await runAll(queue);
      assert.equal(await queue.prune(everything()), 3);
      assert.equal((await queue.stats()).total, 0);
    },
  );

  test("prune keeps a flow whole while one of its jobs is live", {}, async (queue) => {
    await queue.enqueue({ agent: "noop", flow: "flow_r", node: "plan" });
    await queue.enqueue({ agent: "noop" });
    await runAll(queue);
    const review = (await queue.enqueue({ agent: "noop", flow: "flow_r", node: "review" })).job;
    assert.equal(await queue.prune(everything()), 1, "only the job outside the flow");
    await queue.cancel(review.id);
    assert.equal(await queue.prune(everything()), 2);
  });

  test("a pruned job's idempotency key is free again", {}, async (queue) => {
    const first = await queue.enqueue({ agent: "noop", idempotencyKey: "nightly-2026-12-06" });
    await runAll(queue);
    assert.equal(
      (await queue.enqueue({ agent: "noop", idempotencyKey: "nightly-2026-12-06" })).job.id,
      first.job.id,
    );
    assert.equal(await queue.prune(everything()), 1);
    const again = await queue.enqueue({ agent: "noop", idempotencyKey: "nightly-2026-12-06" });
    assert.notEqual(again.job.id, first.job.id);
    assert.equal(again.job.state, "queued");
  });
}

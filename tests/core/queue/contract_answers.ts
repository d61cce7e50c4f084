/**
 * The answer part of the queue contract, registered by `queueContract` for
 * every backend: what `enqueue` and `complete` return is exactly what a read
 * of the job gives back afterwards (backends build these answers without
 * reading the job again).
 * @module
 */

import assert from "node:assert/strict";
import type { ContractTest } from "./contract_prune.ts";

/** Registers the answer tests with `test`. */
export function answersContract(test: ContractTest): void {
  test("enqueue returns the job as a read gives it back", {}, async (queue) => {
    const [plain, delayed, inFlow] = await queue.enqueueMany([
      { agent: "noop", input: { a: [1, "x"] }, priority: "high", correlationId: "toolu_1" },
      { agent: "noop", delayMs: 60_000, idempotencyKey: "later", timeoutMs: 5_000 },
      { agent: "noop", dependsOn: [], flow: "flow_1", node: "n", parent: "p" },
    ]);
    const waiting = await queue.enqueue({ agent: "noop", dependsOn: [plain.job.id] });
    for (const { job } of [plain, delayed, inFlow, waiting]) {
      assert.deepEqual(job, await queue.get(job.id), job.id);
    }
  });

  test("complete returns the job as a read gives it back", {}, async (queue) => {
    const { job } = await queue.enqueue({
      agent: "noop",
      input: { a: 1 },
      correlationId: "toolu_9",
    });
    await queue.claim("w", 10_000);
    await queue.progress(job.id, "w", { percent: 50, message: "half way" });
    const done = await queue.complete(job.id, "w", { b: [1, "x"], c: null });
    assert.equal(done.state, "succeeded");
    assert.deepEqual(done, await queue.get(job.id));
  });
}

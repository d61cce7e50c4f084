/**
 * Adversarial: a worker (third-party executor code runs in one) posts
 * messages naming another job's id — call-slot releases and acquires that
 * would take or free that job's share of the model lane, a result, an
 * error, progress. The pool reads a worker's messages only for the jobs it
 * gave that worker, so the victim's call slot is never touched and its
 * outcome is its own.
 */
import assert from "node:assert/strict";
import { workerUrlOf } from "../../../agents/runtime/executors.ts";
import type { CallSlotHost } from "../../../core/pool/pool_task.ts";
import type { JobProgress } from "../../../core/queue/job.ts";
import { poolFixture, task } from "./pool_fixture.ts";

const FORGER = new URL("../../fixtures/pool/forging_worker.ts", import.meta.url);

Deno.test("pool: a worker's messages naming another job's id change nothing of that job", async () => {
  const f = await poolFixture({
    size: 2,
    workerUrl: (name) => name === "forger" ? FORGER : workerUrlOf(name),
  });
  try {
    const touched: string[] = [];
    const spy: CallSlotHost = {
      acquire: () => (touched.push("acquire"), Promise.resolve(true)),
      release: (clean) => void touched.push(`release ${clean}`),
    };
    const progress: JobProgress[] = [];
    const victim = task({
      lane: "model",
      callSlot: spy,
      input: { ops: [{ op: "sleep", ms: 400 }] },
      onProgress: (p) => void progress.push(p),
    });
    const running = f.pool.run(victim);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the victim is in its worker
    const forger = await f.pool.run(
      task({ agent: "forger", executor: "forger", input: { victim: victim.jobId } }),
    );
    assert.deepEqual(forger, { kind: "succeeded", result: "the forger's own" });
    const outcome = await running;
    assert.equal(outcome.kind, "succeeded", JSON.stringify(outcome));
    assert.notEqual((outcome as { result: unknown }).result, "forged result");
    assert.deepEqual(touched, [], "the victim's call slot was never released or asked for");
    assert.ok(!progress.some((p) => p.message === "forged progress"), JSON.stringify(progress));
  } finally {
    await f.cleanup();
  }
});

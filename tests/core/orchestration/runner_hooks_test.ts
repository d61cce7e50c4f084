/**
 * The runner's seams for the layer above: a progress hook takes the
 * messages it knows (they are not stored as the job's progress, the rest
 * are) and is settled before the job's end is recorded; `beforeClaim` runs
 * before every claim, and its failures are reported without stopping the loop.
 */
import assert from "node:assert/strict";
import type { Job, JobProgress } from "../../../core/queue/job.ts";
import { FakePool, runnerFixture } from "./runner_fixture.ts";

Deno.test("runner: a progress hook takes its messages and is settled before the job ends", async () => {
  const f = await runnerFixture();
  try {
    const { job } = await f.queue.enqueue({ agent: "relay" });
    const taken: JobProgress[] = [];
    let stored: JobProgress | null = null;
    const pool = new FakePool(async (task) => {
      task.onProgress?.({ data: { kind: "relayed", n: 1 } });
      task.onProgress?.({ percent: 50, message: "half way" });
      await new Promise((resolve) => setTimeout(resolve, 20));
      stored = (await f.queue.get(task.jobId))!.progress;
      return { kind: "succeeded", result: "done" };
    });
    const runner = f.runner(pool, {
      progressHook: {
        handle: (_job: Job, progress: JobProgress) => {
          const mine = (progress.data as { kind?: string } | undefined)?.kind === "relayed";
          if (mine) taken.push(progress);
          return mine;
        },
        settle: async (settled: Job) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          f.events.push({ type: "relay.settled", task: settled.id });
        },
      },
    });
    await runner.run();
    assert.deepEqual(taken, [{ data: { kind: "relayed", n: 1 } }]);
    assert.deepEqual(stored, { percent: 50, message: "half way" });
    const types = f.events.filter((e) => e.task === job.id).map((e) => e.type);
    assert.deepEqual(types, ["job.started", "relay.settled", "job.succeeded"]);
  } finally {
    await f.cleanup();
  }
});

Deno.test("runner: beforeClaim runs before each claim; a failing one is reported, the loop goes on", async () => {
  const f = await runnerFixture();
  try {
    let calls = 0;
    const errors: string[] = [];
    const pool = new FakePool(() => ({ kind: "succeeded", result: null }));
    const runner = f.runner(pool, {
      beforeClaim: async () => {
        calls++;
        if (calls > 1) return;
        await f.queue.enqueue({ agent: "from-trigger" });
        throw new Error("trigger directory unreadable");
      },
      onError: (error, context) => errors.push(`${context}: ${(error as Error).message}`),
    });
    const summary = await runner.run();
    assert.equal(summary.succeeded, 1, "the claim after the failing hook found its job");
    assert.ok(calls >= 2, "called again before the next claim");
    assert.deepEqual(pool.started.map((task) => task.agent), ["from-trigger"]);
    assert.deepEqual(errors, ["before claim: trigger directory unreadable"]);
  } finally {
    await f.cleanup();
  }
});

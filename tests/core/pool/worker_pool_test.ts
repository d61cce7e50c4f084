/**
 * The worker pool with real Web Workers: reuse and batching, timeouts,
 * cancel, failures, progress and graceful shutdown.
 */
import assert from "node:assert/strict";
import type { JobProgress } from "../../../core/queue/job.ts";
import { poolFixture, task } from "./pool_fixture.ts";

Deno.test("pool: consecutive jobs with the same permissions reuse one warm worker", async () => {
  const f = await poolFixture();
  try {
    for (let i = 0; i < 5; i++) {
      const outcome = await f.pool.run(
        task({ agent: "noop", executor: "noop", input: i, sandbox: { workspace: false } }),
      );
      assert.equal(outcome.kind, "succeeded");
      if (outcome.kind === "succeeded") {
        assert.equal((outcome.result as { input: number }).input, i);
      }
    }
    assert.equal(f.pool.workersStarted, 1);
  } finally {
    await f.cleanup();
  }
});

Deno.test("pool: workspace jobs waiting together start in one worker granted all their workspaces", async () => {
  const f = await poolFixture({ size: 1 });
  try {
    const tasks = Array.from(
      { length: 4 },
      () => task({ input: { ops: [{ op: "write", path: "out.txt", text: "{job}" }] } }),
    );
    const outcomes = await Promise.all(tasks.map((t) => f.pool.run(t)));
    assert.deepEqual(outcomes.map((o) => o.kind), [
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    for (const t of tasks) {
      const text = await Deno.readTextFile(`${f.place.workspacesDir}/${t.jobId}/out.txt`);
      assert.equal(text, t.jobId);
    }
    assert.ok(f.pool.workersStarted < 4, `batched: ${f.pool.workersStarted} workers for 4 jobs`);
  } finally {
    await f.cleanup();
  }
});

Deno.test("pool: a job past its timeout has its worker terminated and fails retryably", async () => {
  const f = await poolFixture({ size: 1 });
  try {
    const outcome = await f.pool.run(
      task({ input: { ops: [{ op: "sleep", ms: 20_000 }] }, timeoutMs: 200 }),
    );
    assert.equal(outcome.kind, "failed");
    if (outcome.kind === "failed") {
      assert.equal(outcome.error.code, "JOB_TIMEOUT");
      assert.equal(outcome.retryable, true);
    }
    assert.equal(f.pool.load.workers, 0);
    assert.equal((await f.pool.run(task())).kind, "succeeded", "the pool still works");
  } finally {
    await f.cleanup();
  }
});

Deno.test("pool: cancel stops a running job; progress reaches the caller", async () => {
  const f = await poolFixture();
  try {
    const progress: JobProgress[] = [];
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => started = resolve);
    const t = task({
      input: { ops: [{ op: "progress", percent: 10 }, { op: "sleep", ms: 20_000 }] },
      onProgress: (p) => {
        progress.push(p);
        started();
      },
    });
    const outcome = f.pool.run(t);
    await isRunning;
    assert.equal(f.pool.cancel(t.jobId), true);
    assert.deepEqual(await outcome, { kind: "cancelled" });
    assert.deepEqual(progress, [{ percent: 10 }]);
    assert.equal(f.pool.cancel(t.jobId), false);
  } finally {
    await f.cleanup();
  }
});

Deno.test("pool: executor failures say whether a retry can help", async () => {
  const f = await poolFixture();
  try {
    const transient = await f.pool.run(
      task({ input: { ops: [{ op: "fail", message: "flaky" }] } }),
    );
    assert.equal(transient.kind, "failed");
    if (transient.kind === "failed") {
      assert.equal(transient.retryable, true);
      assert.match(transient.error.message, /agent "script" failed: flaky/);
    }
    const permanent = await f.pool.run(
      task({ input: { ops: [{ op: "fail", message: "bad", retryable: false }] } }),
    );
    assert.equal(permanent.kind === "failed" && permanent.retryable, false);
    const invalid = await f.pool.run(task({ input: { ops: [{ op: "teleport" }] } }));
    assert.equal(invalid.kind === "failed" && invalid.error.code, "AGENT_INPUT_INVALID");
    const unknown = await f.pool.run(task({ executor: "no-such-executor" }));
    assert.equal(unknown.kind === "failed" && unknown.error.code, "EXECUTOR_UNKNOWN");
    assert.equal(unknown.kind === "failed" && unknown.retryable, false);
  } finally {
    await f.cleanup();
  }
});

Deno.test("pool: close drains running jobs until the deadline, then interrupts", async () => {
  const f = await poolFixture();
  try {
    const quick = f.pool.run(task({ input: { ops: [{ op: "sleep", ms: 100 }] } }));
    const slow = f.pool.run(task({ input: { ops: [{ op: "sleep", ms: 30_000 }] } }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await f.pool.close(1_500);
    assert.equal((await quick).kind, "succeeded");
    assert.equal((await slow).kind, "interrupted");
    await assert.rejects(f.pool.run(task()), /shutting down/);
  } finally {
    await f.cleanup();
  }
});

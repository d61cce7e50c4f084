/**
 * The queue contract: one suite every {@linkcode TaskQueue} backend must
 * pass, parameterised by a factory. `sqlite_queue_test.ts` runs it on SQLite;
 * the Redis backend runs the same function unchanged. Uses real time only for
 * delays and lease expiry, with short durations, and asserts order and
 * states, never speed.
 * @module
 */

import assert from "node:assert/strict";
import type { QueueSettings, TaskQueue } from "../../../core/queue/queue.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { answersContract } from "./contract_answers.ts";
import { pruneContract } from "./contract_prune.ts";

/** An opened queue and how to dispose of it. */
export interface QueueFixture {
  queue: TaskQueue;
  cleanup(): Promise<void>;
}

/** Opens a fresh, empty queue with these settings over the defaults. */
export type QueueFactory = (settings?: Partial<QueueSettings>) => Promise<QueueFixture>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withQueue(
  factory: QueueFactory,
  settings: Partial<QueueSettings>,
  fn: (queue: TaskQueue) => Promise<void>,
): Promise<void> {
  const fixture = await factory(settings);
  try {
    await fn(fixture.queue);
  } finally {
    await fixture.queue.close();
    await fixture.cleanup();
  }
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(
    promise,
    (error) => error instanceof SuperAgentsError && error.code === code,
  );
}

/** Registers the contract tests for one backend. */
export function queueContract(backend: string, factory: QueueFactory): void {
  const test = (
    name: string,
    settings: Partial<QueueSettings>,
    fn: (q: TaskQueue) => Promise<void>,
  ) => Deno.test(`queue contract [${backend}]: ${name}`, () => withQueue(factory, settings, fn));

  test("claims by priority, FIFO within a priority", {}, async (queue) => {
    const order = [["low", "a"], ["normal", "b"], ["critical", "c"], ["normal", "d"], [
      "high",
      "e",
    ], ["critical", "f"]] as const;
    for (const [priority, name] of order) {
      await queue.enqueue({ agent: "noop", input: name, priority });
    }
    const claimed: unknown[] = [];
    for (let job = await queue.claim("w", 10_000); job; job = await queue.claim("w", 10_000)) {
      claimed.push(job.input);
      assert.equal(job.state, "leased");
      assert.equal(job.attempts, 1);
    }
    assert.deepEqual(claimed, ["c", "f", "e", "b", "d", "a"]);
  });

  test("an idempotency key returns the first job", {}, async (queue) => {
    const first = await queue.enqueue({ agent: "noop", input: 1, idempotencyKey: "k1" });
    const second = await queue.enqueue({ agent: "noop", input: 2, idempotencyKey: "k1" });
    const other = await queue.enqueue({ agent: "noop", input: 3, idempotencyKey: "k2" });
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.job.id, first.job.id);
    assert.equal(second.job.input, 1);
    assert.notEqual(other.job.id, first.job.id);
    assert.equal((await queue.stats()).total, 2);
  });

  test("a delayed job is not claimed before its time", {}, async (queue) => {
    const { job } = await queue.enqueue({ agent: "noop", delayMs: 300 });
    assert.equal(job.state, "delayed");
    assert.equal(await queue.claim("w", 10_000), null);
    while (Date.now() < job.runAfter) await sleep(job.runAfter - Date.now() + 5);
    const claimed = await queue.claim("w", 10_000);
    assert.equal(claimed?.id, job.id);
    assert.ok(claimed!.startedAt! >= job.runAfter, "claimed no earlier than runAfter");
  });

  test("an expired lease makes the job claimable again, counting the attempt", {
    maxAttempts: 3,
  }, async (queue) => {
    const { job } = await queue.enqueue({ agent: "noop" });
    assert.equal((await queue.claim("dead-worker", 100))?.id, job.id);
    assert.equal(await queue.claim("other", 10_000), null, "not claimable while leased");
    await sleep(150);
    const again = await queue.claim("other", 10_000);
    assert.equal(again?.id, job.id);
    assert.equal(again?.attempts, 2);
    assert.equal(again?.error?.code, "LEASE_EXPIRED");
    await rejectsWithCode(queue.complete(job.id, "dead-worker", "late"), "LEASE_LOST");
    const done = await queue.complete(job.id, "other", "ok");
    assert.equal(done.state, "succeeded");
    assert.equal(done.result, "ok");
  });

  test("a lease expiring on the last attempt dead-letters the job", { maxAttempts: 1 }, async (
    queue,
  ) => {
    const { job } = await queue.enqueue({ agent: "noop" });
    await queue.claim("dead-worker", 50);
    await sleep(100);
    assert.equal(await queue.claim("other", 10_000), null);
    const dead = await queue.get(job.id);
    assert.equal(dead?.state, "dead");
    assert.equal(dead?.error?.code, "LEASE_EXPIRED");
  });

  test("failures retry with backoff, then dead-letter with the last error", {
    maxAttempts: 2,
    backoffBaseMs: 0,
  }, async (queue) => {
    const { job } = await queue.enqueue({ agent: "noop" });
    await queue.claim("w", 10_000);
    const retried = await queue.fail(job.id, "w", { message: "first", code: "BOOM" });
    assert.equal(retried.state, "delayed");
    assert.equal((await queue.claim("w", 10_000))?.id, job.id);
    const dead = await queue.fail(job.id, "w", { message: "second" });
    assert.equal(dead.state, "dead");
    assert.equal(dead.error?.message, "second");
    assert.equal(dead.error?.attempt, 2);
    assert.deepEqual((await queue.dlqList()).map((j) => j.id), [job.id]);
    assert.equal(await queue.dlqRetry(), 1);
    const back = await queue.claim("w", 10_000);
    assert.equal(back?.id, job.id);
    assert.equal(back?.attempts, 1);
    await queue.fail(job.id, "w", { message: "fatal" }, { retryable: false });
    assert.equal((await queue.get(job.id))?.state, "dead");
    assert.equal(await queue.dlqPurge([job.id]), 1);
    assert.equal(await queue.get(job.id), undefined);
  });

  test("backoff delays the retry", { maxAttempts: 3, backoffBaseMs: 60_000 }, async (queue) => {
    const { job } = await queue.enqueue({ agent: "noop" });
    await queue.claim("w", 10_000);
    const retried = await queue.fail(job.id, "w", { message: "later" });
    assert.ok(retried.runAfter >= Date.now() + 25_000, "at least half the first step");
    assert.equal(await queue.claim("w", 10_000), null);
  });

  test("cancel: queued → cancelled; leased → requested, seen at heartbeat", {}, async (queue) => {
    const queued = (await queue.enqueue({ agent: "noop" })).job;
    const running = (await queue.enqueue({ agent: "noop" })).job;
    assert.equal((await queue.cancel(queued.id)).state, "cancelled");
    assert.equal((await queue.claim("w", 10_000))?.id, running.id);
    assert.equal((await queue.heartbeat(running.id, "w", 10_000)).cancelRequested, false);
    const requested = await queue.cancel(running.id);
    assert.equal(requested.state, "leased");
    assert.equal(requested.cancelRequested, true);
    assert.equal((await queue.heartbeat(running.id, "w", 10_000)).cancelRequested, true);
    const stopped = await queue.fail(running.id, "w", { message: "stopped", code: "CANCELLED" });
    assert.equal(stopped.state, "cancelled");
    await rejectsWithCode(queue.cancel(running.id), "JOB_NOT_CANCELLABLE");
    assert.equal(await queue.claim("w", 10_000), null);
    assert.equal((await queue.retry(queued.id)).state, "queued");
  });

  test("release gives a job back without counting the attempt", {}, async (queue) => {
    const { job } = await queue.enqueue({ agent: "noop" });
    await queue.claim("w", 10_000);
    const released = await queue.release(job.id, "w");
    assert.equal(released.state, "queued");
    assert.equal(released.attempts, 0);
    await rejectsWithCode(queue.release(job.id, "w"), "LEASE_LOST");
  });

  test("progress and heartbeats are recorded for the lease holder only", {}, async (queue) => {
    const { job } = await queue.enqueue({ agent: "noop" });
    const claimed = await queue.claim("w", 1_000);
    await queue.progress(job.id, "w", { percent: 40, message: "reading" });
    const beat = await queue.heartbeat(job.id, "w", 60_000);
    assert.ok(beat.leaseExpiresAt > claimed!.leaseExpiresAt!);
    assert.deepEqual((await queue.get(job.id))?.progress, { percent: 40, message: "reading" });
    await rejectsWithCode(queue.progress(job.id, "intruder", { percent: 1 }), "LEASE_LOST");
    await rejectsWithCode(queue.heartbeat(job.id, "intruder", 1_000), "LEASE_LOST");
  });

  test("dependencies: fan-in waits for all, gets their results", {}, async (queue) => {
    const [a, b, c] = await queue.enqueueMany([
      { id: "job_a", agent: "noop", node: "a" },
      { id: "job_b", agent: "noop", node: "b" },
      { id: "job_c", agent: "noop", node: "c", dependsOn: ["job_a", "job_b"] },
    ]);
    assert.deepEqual(c.job.dependsOn, ["job_a", "job_b"]);
    const first = await queue.claimMany("w", 10_000, 10);
    assert.deepEqual(first.map((j) => j.id).sort(), [a.job.id, b.job.id]);
    await queue.complete(a.job.id, "w", { from: "a" });
    assert.equal(await queue.claim("w", 10_000), null, "c waits for b");
    await queue.complete(b.job.id, "w", { from: "b" });
    assert.equal((await queue.claim("w", 10_000))?.id, c.job.id);
    assert.deepEqual(await queue.dependencyResults(c.job.id), [
      { id: "job_a", agent: "noop", node: "a", result: { from: "a" } },
      { id: "job_b", agent: "noop", node: "b", result: { from: "b" } },
    ]);
  });

  test("a dead job blocks its dependants, not its siblings; retry unblocks", {
    maxAttempts: 1,
  }, async (queue) => {
    await queue.enqueueMany([
      { id: "job_root", agent: "noop" },
      { id: "job_bad", agent: "noop", dependsOn: ["job_root"] },
      { id: "job_sibling", agent: "noop", dependsOn: ["job_root"] },
      { id: "job_child", agent: "noop", dependsOn: ["job_bad"] },
      { id: "job_grandchild", agent: "noop", dependsOn: ["job_child", "job_sibling"] },
    ]);
    await queue.claim("w", 10_000);
    await queue.complete("job_root", "w", 1);
    const pair = await queue.claimMany("w", 10_000, 5);
    assert.deepEqual(pair.map((j) => j.id).sort(), ["job_bad", "job_sibling"]);
    await queue.fail("job_bad", "w", { message: "broken" });
    for (const id of ["job_child", "job_grandchild"]) {
      const blocked = await queue.get(id);
      assert.equal(blocked?.state, "failed", id);
      assert.equal(blocked?.error?.code, "DEPENDENCY_FAILED");
      assert.match(blocked!.error!.message, /job_bad/);
    }
    assert.equal((await queue.complete("job_sibling", "w", 2)).state, "succeeded");
    await rejectsWithCode(queue.retry("job_child"), "JOB_BLOCKED");
    await queue.retry("job_bad");
    assert.equal((await queue.get("job_child"))?.state, "queued");
    assert.equal((await queue.claim("w", 10_000))?.id, "job_bad");
    await queue.complete("job_bad", "w", 3);
    assert.equal((await queue.claim("w", 10_000))?.id, "job_child");
  });

  test("enqueueMany is atomic and rejects unknown dependencies", {}, async (queue) => {
    await rejectsWithCode(
      queue.enqueueMany([{ id: "job_ok", agent: "noop" }, {
        agent: "noop",
        dependsOn: ["job_missing"],
      }]),
      "DEPENDENCY_NOT_FOUND",
    );
    assert.equal(await queue.get("job_ok"), undefined);
    await rejectsWithCode(
      queue.enqueue({ id: "job_self", agent: "noop", dependsOn: ["job_self"] }),
      "JOB_DEPENDS_ON_ITSELF",
    );
  });

  test("batch lane jobs are claimed in bulk, only by the batch lane", {}, async (queue) => {
    for (let i = 0; i < 3; i++) await queue.enqueue({ agent: "writer", lane: "batch", input: i });
    await queue.enqueue({ agent: "writer", input: "interactive" });
    assert.equal((await queue.claim("w", 10_000))?.input, "interactive");
    assert.equal(await queue.claim("w", 10_000), null);
    const batch = await queue.claimMany("batcher", 60_000, 10, { lane: "batch" });
    assert.deepEqual(batch.map((j) => j.input), [0, 1, 2]);
  });

  test("claim filters by agent; list filters; stats count states", {}, async (queue) => {
    await queue.enqueue({ agent: "alpha", correlationId: "toolu_1" });
    await queue.enqueue({ agent: "beta", priority: "high" });
    await queue.enqueue({ agent: "alpha", delayMs: 60_000 });
    assert.equal((await queue.claim("w", 10_000, { agents: ["alpha"] }))?.agent, "alpha");
    assert.equal(await queue.claim("w", 10_000, { agents: ["alpha"] }), null);
    assert.equal((await queue.list({ agent: "alpha" })).length, 2);
    assert.equal((await queue.list({ correlationId: "toolu_1" })).length, 1);
    assert.equal((await queue.list({ state: ["delayed"] })).length, 1);
    const stats = await queue.stats();
    assert.equal(stats.total, 3);
    assert.equal(stats.byState.leased, 1);
    assert.equal(stats.byState.queued, 1);
    assert.equal(stats.byState.delayed, 1);
    assert.equal(stats.ready.high, 1);
    await rejectsWithCode(queue.cancel("job_nope"), "JOB_NOT_FOUND");
  });

  answersContract(test);
  pruneContract(test);
}

/**
 * What only the Redis backend has: BullMQ's own view of our jobs, two hosts
 * on one queue name, checkpoints that survive a lost lease, a dependency
 * gate repaired after a crash, idempotency keys that outlive the job, and
 * clear errors for a bad URL or a server that does not answer.
 */
import assert from "node:assert/strict";
import { SuperAgentsError } from "../../../core/errors.ts";
import { redactRedisUrl } from "../../../plugins/redis_queue/connection.ts";
import { openRedisQueue } from "../../../plugins/redis_queue/open_redis_queue.ts";
import { closeRedisContext, openRedisContext } from "../../../plugins/redis_queue/redis_context.ts";
import { RedisQueue } from "../../../plugins/redis_queue/redis_queue.ts";
import { minimalJob } from "../../../plugins/redis_queue/redis_leases.ts";
import { projectPaths } from "../../../core/paths.ts";
import {
  dropQueueKeys,
  REDIS_URL,
  redisQueueFixture,
  redisSettings,
  SKIP_REASON,
} from "./redis_fixture.ts";
import { skipWithout } from "../../support/service.ts";

const ignore = skipWithout(
  "redis",
  !!REDIS_URL,
  "bash scripts/services.sh start (installs redis-server)",
);
if (ignore) console.warn(SKIP_REASON);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const paths = projectPaths("/tmp/unused");

async function rejectsWithCode(promise: Promise<unknown>, code: string, text?: RegExp) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof SuperAgentsError, String(error));
    assert.equal(error.code, code);
    if (text) assert.match(`${error.message} ${error.hint}`, text);
    return true;
  });
}

Deno.test({
  name: "redis queue: jobs are BullMQ jobs; the dead-letter queue is BullMQ's failed set",
  ignore,
  async fn() {
    const settings = redisSettings({ maxAttempts: 1 });
    const ctx = await openRedisContext({
      url: settings.redisUrl,
      name: settings.redisQueue!,
      settings,
      now: Date.now,
    });
    const queue = new RedisQueue(ctx);
    try {
      const { job } = await queue.enqueue({ agent: "reviewer", priority: "high", input: { a: 1 } });
      const bull = await ctx.queues.interactive.getJob(job.id);
      assert.equal(bull?.name, "reviewer");
      assert.equal(bull?.priority, 2);
      assert.equal(await ctx.queues.interactive.getJobState(job.id), "prioritized");
      await queue.claim("w", 10_000);
      assert.equal(await ctx.queues.interactive.getActiveCount(), 1);
      await queue.fail(job.id, "w", { message: "broken" });
      assert.equal(await ctx.queues.interactive.getFailedCount(), 1);
      assert.equal((await queue.dlqList())[0].error?.message, "broken");
    } finally {
      await queue.close();
      await dropQueueKeys(settings.redisUrl, settings.redisQueue!);
    }
  },
});

Deno.test({
  name: "redis queue: two hosts on one queue name share the work, each job claimed once",
  ignore,
  async fn() {
    const settings = redisSettings();
    const hostA = await openRedisQueue(paths, settings);
    const hostB = await openRedisQueue(projectPaths("/elsewhere/checkout"), settings);
    try {
      await hostA.enqueueMany(Array.from({ length: 20 }, (_, i) => ({ agent: "noop", input: i })));
      const seen: string[] = [];
      while (true) {
        const batch = [
          ...await hostA.claimMany("a", 10_000, 3),
          ...await hostB.claimMany("b", 10_000, 2),
        ];
        if (batch.length === 0) break;
        seen.push(...batch.map((job) => job.id));
      }
      assert.equal(seen.length, 20);
      assert.equal(new Set(seen).size, 20);
    } finally {
      await hostA.close();
      await hostB.close();
      await dropQueueKeys(settings.redisUrl, settings.redisQueue!);
    }
  },
});

Deno.test({
  name: "redis queue: a checkpoint saved with progress is where the next worker resumes",
  ignore,
  async fn() {
    const { queue, cleanup } = await redisQueueFixture({ maxAttempts: 3 });
    try {
      const { job } = await queue.enqueue({ agent: "long" });
      await queue.claim("host-a", 100);
      await queue.progress(job.id, "host-a", { percent: 60, data: { step: 3, cursor: "abc" } });
      await sleep(150); // host-a dies: its lease expires
      const resumed = await queue.claim("host-b", 10_000);
      assert.equal(resumed?.id, job.id);
      assert.equal(resumed?.attempts, 2);
      assert.deepEqual(resumed?.progress, { percent: 60, data: { step: 3, cursor: "abc" } });
      await rejectsWithCode(queue.progress(job.id, "host-a", { percent: 70 }), "LEASE_LOST");
    } finally {
      await queue.close();
      await cleanup();
    }
  },
});

Deno.test({
  name: "redis queue: a gate left shut by a crash between complete and promote is repaired",
  ignore,
  async fn() {
    const settings = redisSettings();
    const ctx = await openRedisContext({
      url: settings.redisUrl,
      name: settings.redisQueue!,
      settings,
      now: Date.now,
    });
    try {
      const crashed = new RedisQueue(ctx);
      await crashed.enqueueMany([
        { id: "job_first", agent: "noop" },
        { id: "job_then", agent: "noop", dependsOn: ["job_first"] },
      ]);
      await crashed.claim("w", 10_000);
      // Complete in BullMQ only, as a worker that died before promoting the dependant would.
      await ctx.queues.interactive.backend.moveToCompleted(
        minimalJob("job_first", 3),
        1,
        false,
        "w",
        false,
      );
      assert.equal((await crashed.get("job_then"))?.state, "queued");
      const restarted = new RedisQueue(ctx);
      assert.equal((await restarted.claim("w", 10_000))?.id, "job_then");
    } finally {
      await closeRedisContext(ctx);
      await dropQueueKeys(settings.redisUrl, settings.redisQueue!);
    }
  },
});

Deno.test({
  name: "redis queue: an idempotency key outlives the job's completion; far delays are refused",
  ignore,
  async fn() {
    const { queue, cleanup } = await redisQueueFixture();
    try {
      const { job } = await queue.enqueue({ agent: "noop", idempotencyKey: "deploy-42" });
      await queue.claim("w", 10_000);
      await queue.complete(job.id, "w", "done");
      const again = await queue.enqueue({ agent: "noop", idempotencyKey: "deploy-42" });
      assert.equal(again.created, false);
      assert.equal(again.job.state, "succeeded");
      await rejectsWithCode(
        queue.enqueue({ agent: "noop", runAfter: 2_200_000_000_000 }),
        "DELAY_TOO_LONG",
      );
      await rejectsWithCode(queue.enqueue({ id: job.id, agent: "noop" }), "JOB_EXISTS");
    } finally {
      await queue.close();
      await cleanup();
    }
  },
});

Deno.test("redis queue: a bad URL and an unreachable server fail with the fix, password masked", async () => {
  await rejectsWithCode(
    openRedisQueue(paths, redisSettings({}, "http://example.com")),
    "REDIS_URL_INVALID",
    /rediss:\/\//,
  );
  const port = freePort();
  await rejectsWithCode(
    openRedisQueue(paths, redisSettings({}, `redis://:s3cret@127.0.0.1:${port}`)),
    "REDIS_UNAVAILABLE",
    /redis:\/\/:\*\*\*@127\.0\.0\.1.*queue\.backend sqlite/,
  );
  assert.equal(redactRedisUrl("rediss://user:pw@host:6380/2"), "rediss://user:***@host:6380/2");
});

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name: "redis queue: two hosts enqueue one id at once: one batch wins, the other writes nothing",
  ignore,
  async fn() {
    const settings = redisSettings();
    const hostA = await openRedisQueue(paths, settings);
    const hostB = await openRedisQueue(projectPaths("/elsewhere/checkout"), settings);
    try {
      const batch = (host: string) =>
        ["own-1", "shared", "own-2"].map((id) => ({
          id: id === "shared" ? id : `${host}-${id}`,
          agent: "noop",
        }));
      const outcomes = await Promise.allSettled([
        hostA.enqueueMany(batch("a")),
        hostB.enqueueMany(batch("b")),
      ]);
      const won = outcomes.filter((outcome) => outcome.status === "fulfilled");
      assert.equal(won.length, 1, "exactly one batch is enqueued");
      const lost = outcomes.find((outcome) => outcome.status === "rejected")!;
      assert.equal((lost as PromiseRejectedResult).reason.code, "JOB_EXISTS");
      const loser = outcomes[0].status === "rejected" ? "a" : "b";
      for (const id of [`${loser}-own-1`, `${loser}-own-2`]) {
        assert.equal(await hostA.get(id), undefined, `${id} of the refused batch was not written`);
      }
      // The refused batch's own ids are free: enqueued without the shared one, they are taken.
      const retried = await hostA.enqueueMany(batch(loser).filter((spec) => spec.id !== "shared"));
      assert.deepEqual(retried.map((entry) => entry.created), [true, true]);
      assert.equal((await hostA.stats()).total, 5);
    } finally {
      await hostA.close();
      await hostB.close();
      await dropQueueKeys(settings.redisUrl, settings.redisQueue!);
    }
  },
});

Deno.test({
  name:
    "redis queue: a completion reports what changed during its lease; a lost lease releases nothing",
  ignore,
  async fn() {
    const { queue, cleanup } = await redisQueueFixture({ maxAttempts: 3 });
    try {
      const { job: first } = await queue.enqueue({ id: "first", agent: "noop" });
      const { job: next } = await queue.enqueue({ agent: "noop", dependsOn: [first.id] });
      const claimed = await queue.claim("w", 10_000);
      assert.equal(claimed?.id, first.id);
      await queue.progress(first.id, "w", { percent: 50, data: { step: 1 } });
      await queue.cancel(first.id); // a cancel request while it runs
      await rejectsWithCode(queue.complete(first.id, "intruder", { ok: false }), "LEASE_LOST");
      assert.equal((await queue.get(next.id))?.state, "queued");
      assert.equal((await queue.claim("other", 10_000))?.id, undefined, "next is still gated");
      const done = await queue.complete(first.id, "w", { ok: true });
      assert.equal(done.state, "succeeded");
      assert.equal(done.cancelRequested, true);
      assert.deepEqual(done.progress, { percent: 50, data: { step: 1 } });
      assert.deepEqual(done.result, { ok: true });
      assert.ok(done.finishedAt !== null && done.finishedAt >= claimed!.startedAt!);
      assert.deepEqual(done, await queue.get(first.id), "the completion reads as stored");
      assert.equal((await queue.claim("other", 10_000))?.id, next.id, "its dependant runs now");
    } finally {
      await queue.close();
      await cleanup();
    }
  },
});

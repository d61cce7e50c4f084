/**
 * The operator's transitions of the Redis queue: cancelling a job (at once
 * when it waits, by a request its worker sees at the next heartbeat when it
 * runs), retrying a dead, failed or cancelled job with the dependants it
 * blocked, and retrying or purging the dead-letter queue.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { Job } from "../../core/queue/job.ts";
import type { RedisContext } from "./redis_context.ts";
import { blockDependants, park, requeue, unblockDependants } from "./redis_dependencies.ts";
import { listJobs, readJob } from "./redis_reads.ts";

/** Cancels a waiting job now, or asks the worker of a running one to stop. */
export async function cancelJob(ctx: RedisContext, id: string): Promise<Job> {
  const job = await requireJob(ctx, id);
  if (job.state === "queued" || job.state === "delayed") {
    const error = {
      code: "CANCELLED",
      message: `job ${id} was cancelled before it ran`,
      at: ctx.now(),
    };
    if (!await park(ctx, id, "cancelled", error)) return await cancelJob(ctx, id); // it moved meanwhile
    await blockDependants(ctx, job, "cancelled");
  } else if (job.state === "leased") {
    const moved = await ctx.run(
      "saRequestCancel",
      [ctx.bullKey(job.lane, "active")],
      [ctx.keys.bull(job.lane), id],
    );
    if (moved !== 1) return await cancelJob(ctx, id); // it finished meanwhile
  } else {
    throw new SuperAgentsError("JOB_NOT_CANCELLABLE", `job ${id} is already ${job.state}`, {
      hint: "only queued, delayed or running jobs can be cancelled",
    });
  }
  return await requireJob(ctx, id);
}

/** Queues a dead, failed or cancelled job again, with the dependants it blocked. */
export async function retryJob(ctx: RedisContext, id: string): Promise<Job> {
  const job = await requireJob(ctx, id);
  if (!["dead", "failed", "cancelled"].includes(job.state)) {
    throw new SuperAgentsError("JOB_NOT_RETRYABLE", `job ${id} is ${job.state}`, {
      hint: "only dead, failed or cancelled jobs can be retried",
    });
  }
  for (const dependency of job.dependsOn) {
    const blocker = await readJob(ctx, dependency);
    if (blocker && ["failed", "dead", "cancelled"].includes(blocker.state)) {
      throw new SuperAgentsError(
        "JOB_BLOCKED",
        `job ${id} depends on ${blocker.id}, which is ${blocker.state}`,
        { hint: `retry ${blocker.id} instead; its dependants are retried with it` },
      );
    }
  }
  await requeue(ctx, id);
  await unblockDependants(ctx, id);
  return await requireJob(ctx, id);
}

/** Retries the dead jobs `ids` (all of them when empty), after checking every one is dead. */
export async function retryDead(ctx: RedisContext, ids: string[]): Promise<number> {
  const targets = ids.length
    ? ids
    : (await listJobs(ctx, { state: ["dead"], limit: 10_000 })).map((j) => j.id);
  for (const id of targets) {
    const job = await requireJob(ctx, id);
    if (job.state !== "dead") {
      throw new SuperAgentsError("JOB_NOT_DEAD", `job ${id} is ${job.state}, not dead`, {
        hint: "`super-agents dlq list` shows the dead-letter queue",
      });
    }
  }
  for (const id of targets) await retryJob(ctx, id);
  return targets.length;
}

/** Deletes the dead jobs `ids` (all of them when empty); returns how many went. */
export async function purgeDead(ctx: RedisContext, ids: string[]): Promise<number> {
  const targets = ids.length
    ? ids
    : (await listJobs(ctx, { state: ["dead"], limit: 10_000 })).map((j) => j.id);
  let purged = 0;
  for (const id of targets) {
    const job = await readJob(ctx, id);
    if (job?.state === "dead" && await removeJob(ctx, job)) purged++;
  }
  return purged;
}

/**
 * Removes a job from BullMQ and our entries beside it (index, idempotency
 * key, its dependants and its place among its dependencies' dependants);
 * false when BullMQ does not remove it (locked, or gone).
 */
export async function removeJob(ctx: RedisContext, job: Job): Promise<boolean> {
  const removed = await ctx.queues[job.lane].backend.remove(job.id, false);
  if (removed !== 1) return false;
  await ctx.client.hdel(ctx.keys.index, job.id);
  if (job.idempotencyKey) await ctx.client.hdel(ctx.keys.idempotency, job.idempotencyKey);
  await ctx.client.del(ctx.keys.dependants(job.id));
  for (const dependency of job.dependsOn) {
    await ctx.client.srem(ctx.keys.dependants(dependency), job.id);
  }
  return true;
}

/** The job `id`; `JOB_NOT_FOUND` when the queue has none. */
export async function requireJob(ctx: RedisContext, id: string): Promise<Job> {
  const job = await readJob(ctx, id);
  if (!job) throw notFound(id);
  return job;
}

/** The `JOB_NOT_FOUND` error. */
export function notFound(id: string): SuperAgentsError {
  return new SuperAgentsError("JOB_NOT_FOUND", `no job ${id} in the queue`, {
    hint: "`super-agents task list` shows the jobs",
  });
}

/**
 * Retention on Redis: the jobs `prunableJobs` picks from the whole queue
 * (succeeded, or cancelled, before the cutoff, and needed by nothing live)
 * are removed with our entries beside them, newest first. Each is read
 * again just before its removal, so a job retried since the queue was read
 * stays, and so does one that gained a dependant since.
 * @module
 */

import { finishedBefore, prunableJobs } from "../../core/queue/retention.ts";
import { removeJob } from "./redis_admin.ts";
import type { RedisContext } from "./redis_context.ts";
import { readAll, readJob } from "./redis_reads.ts";

/** Removes the prunable jobs finished before `cutoff`; returns how many. */
export async function pruneFinished(ctx: RedisContext, cutoff: number): Promise<number> {
  let pruned = 0;
  for (const candidate of prunableJobs(await readAll(ctx), cutoff)) {
    const job = await readJob(ctx, candidate.id, candidate.lane);
    if (!job || !finishedBefore(job, cutoff)) continue;
    // Its prunable dependants went first and left its set; one still there arrived since.
    if (await ctx.client.scard(ctx.keys.dependants(job.id)) > 0) continue;
    if (await removeJob(ctx, job)) pruned++;
  }
  return pruned;
}

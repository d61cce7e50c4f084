/**
 * Retention on Redis: succeeded jobs (BullMQ's completed set) and cancelled
 * ones (its failed set, marked cancelled) that finished before a cutoff are
 * removed with our entries beside them, when they stand alone: no
 * dependencies, no dependants, no flow. Jobs of dependency graphs and flows
 * stay; on SQLite they go once the whole graph is finished, a walk this
 * backend does not make.
 * @module
 */

import type { Job } from "../../core/queue/job.ts";
import { LANES } from "./keys.ts";
import { removeJob } from "./redis_admin.ts";
import type { RedisContext } from "./redis_context.ts";
import { readJob } from "./redis_reads.ts";

/** Ids read per `ZRANGEBYSCORE` page. */
const PAGE = 1000;

/** Removes the prunable jobs finished before `cutoff`; returns how many. */
export async function pruneFinished(ctx: RedisContext, cutoff: number): Promise<number> {
  let pruned = 0;
  for (const lane of LANES) {
    for (const set of ["completed", "failed"]) {
      for (const id of await finishedBefore(ctx, ctx.bullKey(lane, set), cutoff)) {
        const job = await readJob(ctx, id, lane);
        if (job && old(job, cutoff) && await standsAlone(ctx, job) && await removeJob(ctx, job)) {
          pruned++;
        }
      }
    }
  }
  return pruned;
}

/** The ids in a BullMQ finished set (scored by finish time) with a score below `cutoff`. */
async function finishedBefore(ctx: RedisContext, key: string, cutoff: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0;; offset += PAGE) {
    const page = await ctx.client.zrangebyscore(key, "-inf", `(${cutoff}`, "LIMIT", offset, PAGE);
    ids.push(...page);
    if (page.length < PAGE) return ids;
  }
}

function old(job: Job, cutoff: number): boolean {
  return (job.state === "succeeded" || job.state === "cancelled") &&
    (job.finishedAt ?? job.updatedAt) < cutoff;
}

async function standsAlone(ctx: RedisContext, job: Job): Promise<boolean> {
  if (job.dependsOn.length > 0 || job.flow !== null) return false;
  return await ctx.client.scard(ctx.keys.dependants(job.id)) === 0;
}

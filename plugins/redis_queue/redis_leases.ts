/**
 * Leases on BullMQ locks: claiming a batch (our script doing to each job
 * what BullMQ's `moveToActive` does, with the lease as lock duration), and
 * turning BullMQ's lock errors into `LEASE_LOST`, the error
 * every backend throws at a worker that no longer holds a job.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { Job, Lane } from "../../core/queue/job.ts";
import type { Job as BullJob } from "./deps.ts";
import { hashOf, type RawJob } from "./job_view.ts";
import type { RedisContext } from "./redis_context.ts";

/** What this process remembers of a job it leased. */
export interface LeaseHandle {
  lane: Lane;
  maxAttempts: number;
  /** The job as claimed: its completion is built on it (see `completedJob`). */
  job?: Job;
}

/** BullMQ's codes for "not yours any more": no job, no lock, not active, someone else's lock. */
const LOST_CODES = new Set([-1, -2, -3, -6]);

/** The `LEASE_LOST` error. */
export function leaseLost(id: string, workerId: string, cause?: unknown): SuperAgentsError {
  return new SuperAgentsError(
    "LEASE_LOST",
    `worker ${workerId} no longer holds the lease of job ${id}`,
    { hint: "the lease expired or the job was cancelled; another worker may have it now", cause },
  );
}

/** A `.catch` handler: BullMQ lock errors become `LEASE_LOST`, others pass through. */
export function rethrowLeaseLost(id: string, workerId: string) {
  return (error: unknown): never => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "number" && LOST_CODES.has(code)) throw leaseLost(id, workerId, error);
    throw error;
  };
}

/**
 * The part of a BullMQ job its finishing moves read (id and attempts); the
 * backend methods take a whole `Job` type but use only these.
 */
export function minimalJob(id: string, maxAttempts: number): BullJob {
  return { id, opts: { attempts: maxAttempts } } as unknown as BullJob;
}

/**
 * Leases up to `count` of the next jobs of a lane (of `agents` when given)
 * to `workerId` for `leaseMs`, in one script call; fewer (or none) when
 * fewer are claimable.
 */
export async function claimBatch(
  ctx: RedisContext,
  lane: Lane,
  workerId: string,
  leaseMs: number,
  count: number,
  agents: string[],
): Promise<RawJob[]> {
  const key = (suffix: string) => ctx.bullKey(lane, suffix);
  const reply = await ctx.run(
    "saClaim",
    [
      key("prioritized"),
      key("active"),
      key("delayed"),
      key("pc"),
      key("marker"),
      key("events"),
      key("wait"),
    ],
    [ctx.keys.bull(lane), Date.now(), workerId, leaseMs, count, ...agents],
  ) as unknown[];
  const jobs: RawJob[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    jobs.push({
      id: String(reply[i]),
      hash: hashOf(reply[i + 1]),
      bull: "active",
      lockOwner: workerId,
      lockTtlMs: leaseMs,
    });
  }
  return jobs;
}

/**
 * Leases on BullMQ locks: claiming (BullMQ's `moveToActive` with the lease
 * as lock duration, or our script when the claim is limited to some
 * agents), and turning BullMQ's lock errors into `LEASE_LOST`, the error
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

interface NextJobData {
  name: string;
  data: string;
  attemptsStarted: number;
  processedOn?: number;
  failedReason?: string;
  progress: unknown;
}

/**
 * Leases the next job of a lane to `workerId` for `leaseMs`, or returns
 * undefined when none is claimable.
 */
export async function claimNext(
  ctx: RedisContext,
  lane: Lane,
  workerId: string,
  leaseMs: number,
  agents: string[],
): Promise<RawJob | undefined> {
  if (agents.length) {
    const key = (suffix: string) => ctx.bullKey(lane, suffix);
    const reply = await ctx.run(
      "saClaimMatching",
      [key("prioritized"), key("active"), key("delayed"), key("pc"), key("marker"), key("events")],
      [ctx.keys.bull(lane), Date.now(), workerId, leaseMs, ...agents],
    ) as [string, unknown] | null;
    if (!reply) return undefined;
    return {
      id: reply[0],
      hash: hashOf(reply[1]),
      bull: "active",
      lockOwner: workerId,
      lockTtlMs: leaseMs,
    };
  }
  const backend = ctx.workers[lane].backend;
  const [data, id] = await backend.moveToActive(workerId) as [NextJobData | null, string];
  if (!data) return undefined;
  if (leaseMs !== ctx.settings.leaseMs) await backend.extendLock(id, workerId, leaseMs);
  return {
    id,
    hash: {
      name: data.name,
      data: data.data,
      ats: String(data.attemptsStarted),
      processedOn: String(data.processedOn ?? Date.now()),
      failedReason: data.failedReason ?? "",
      progress: JSON.stringify(data.progress ?? null),
    },
    bull: "active",
    lockOwner: workerId,
    lockTtlMs: leaseMs,
  };
}

/**
 * The dependency gate of the Redis queue. BullMQ's flows give a child one
 * parent; our pipelines are DAGs (a step may feed several others), so a job
 * with unfinished dependencies waits, gated, in its lane's delayed set at
 * {@linkcode GATE_AT} and each dependency keeps a set of its dependants. A
 * success promotes every dependant whose dependencies have all succeeded
 * (BullMQ's `promote`); a dead, failed or cancelled job parks its transitive
 * dependants in the failed set as blocked; `retry` brings them back. A
 * periodic sweep repairs a gate left shut by a worker that died between
 * completing a job and promoting its dependants.
 * @module
 */

import type { Job, JobState } from "../../core/queue/job.ts";
import { isGated, jobData } from "./job_view.ts";
import { delayedScore, GATE_AT, LANES } from "./keys.ts";
import type { RedisContext } from "./redis_context.ts";
import { laneOf, readJob, readRaw } from "./redis_reads.ts";

const NOT_IN_STATE = -3;

/** Whether every dependency succeeded, and the first that cannot succeed any more. */
async function dependencyStates(ctx: RedisContext, dependsOn: string[]): Promise<{
  allSucceeded: boolean;
  blocker: Job | undefined;
}> {
  let allSucceeded = true;
  let blocker: Job | undefined;
  for (const id of dependsOn) {
    const job = await readJob(ctx, id);
    if (job?.state !== "succeeded") allSucceeded = false;
    if (job && ["failed", "dead", "cancelled"].includes(job.state)) blocker ??= job;
  }
  return { allSucceeded, blocker };
}

/** The error of a job blocked by `dependency`. */
export function blockedError(dependency: Pick<Job, "id" | "agent">, cause: JobState, now: number) {
  return {
    code: cause === "cancelled" ? "DEPENDENCY_CANCELLED" : "DEPENDENCY_FAILED",
    message: `blocked: dependency ${dependency.id} (agent ${dependency.agent}) is ${cause}`,
    at: now,
    details: { dependency: dependency.id, dependencyState: cause },
  };
}

/** Parks a waiting job in the failed set (cancelled or blocked); false if it was not waiting. */
export async function park(
  ctx: RedisContext,
  id: string,
  state: "failed" | "cancelled",
  error: Record<string, unknown>,
): Promise<boolean> {
  const lane = await laneOf(ctx, id);
  if (!lane) return false;
  const key = (suffix: string) => ctx.bullKey(lane, suffix);
  const moved = await ctx.run(
    "saPark",
    [key("prioritized"), key("delayed"), key("wait"), key("failed"), key("events")],
    [ctx.keys.bull(lane), id, ctx.now(), state, JSON.stringify(error), String(error.message)],
  );
  return moved === 1;
}

/** Opens the gate of a job (gated → claimable); false when it was not gated. */
async function promote(ctx: RedisContext, id: string): Promise<boolean> {
  const lane = await laneOf(ctx, id);
  if (!lane) return false;
  try {
    await ctx.queues[lane].backend.promote(id);
    return true;
  } catch (error) {
    // Another worker promoted it first, or it was cancelled meanwhile: nothing to do.
    if ((error as { code?: number }).code === NOT_IN_STATE) return false;
    throw error;
  }
}

/**
 * After `id` succeeded: promotes each of its dependants (all of them, or
 * the given ones) whose dependencies have all succeeded.
 */
export async function releaseDependants(
  ctx: RedisContext,
  id: string,
  dependants?: string[],
): Promise<void> {
  for (const dependant of dependants ?? await ctx.client.smembers(ctx.keys.dependants(id))) {
    const raw = await readRaw(ctx, dependant);
    if (!raw || raw.bull !== "delayed" || !isGated(raw.delayedScore)) continue;
    const { allSucceeded } = await dependencyStates(ctx, jobData(dependant, raw.hash).dependsOn);
    if (allSucceeded) await promote(ctx, dependant);
  }
}

/** Every transitive dependant of `id`, nearest first. */
async function transitiveDependants(ctx: RedisContext, id: string): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [id];
  while (queue.length) {
    for (const next of await ctx.client.smembers(ctx.keys.dependants(queue.shift()!))) {
      if (!seen.has(next) && next !== id) seen.add(next), queue.push(next);
    }
  }
  return [...seen];
}

/**
 * `job` ended without success: every transitive dependant still waiting
 * becomes failed (cancelled, when the cause is a cancel), naming `job`.
 */
export async function blockDependants(
  ctx: RedisContext,
  job: Pick<Job, "id" | "agent">,
  cause: JobState,
): Promise<string[]> {
  const state = cause === "cancelled" ? "cancelled" : "failed";
  const error = blockedError(job, cause, ctx.now());
  const blocked: string[] = [];
  for (const dependant of await transitiveDependants(ctx, job.id)) {
    if (await park(ctx, dependant, state, error)) blocked.push(dependant);
  }
  return blocked;
}

/**
 * Puts a finished job back to waiting with fresh attempts: gated while its
 * dependencies have not all succeeded. With `onlyBlocked`, only a job that
 * a dependency blocked moves. Returns whether it moved.
 */
export async function requeue(ctx: RedisContext, id: string, onlyBlocked = false) {
  const raw = await readRaw(ctx, id);
  const lane = await laneOf(ctx, id);
  if (!raw || !lane) return false;
  const { allSucceeded } = await dependencyStates(ctx, jobData(id, raw.hash).dependsOn);
  const key = (suffix: string) => ctx.bullKey(lane, suffix);
  const moved = await ctx.run(
    "saRequeue",
    [key("failed"), key("prioritized"), key("delayed"), key("pc"), key("marker"), key("events")],
    [
      ctx.keys.bull(lane),
      id,
      allSucceeded ? "" : String(delayedScore(GATE_AT)),
      onlyBlocked ? "blocked" : "",
    ],
  );
  return moved === 1;
}

/**
 * `retry` of `id`: its blocked dependants wait again; one that another
 * dependency still blocks is blocked again, with its own dependants.
 */
export async function unblockDependants(ctx: RedisContext, id: string): Promise<void> {
  for (const dependant of await transitiveDependants(ctx, id)) {
    if (!(await requeue(ctx, dependant, true))) continue;
    const raw = await readRaw(ctx, dependant);
    if (!raw) continue;
    const { blocker } = await dependencyStates(ctx, jobData(dependant, raw.hash).dependsOn);
    if (!blocker) continue;
    const cause = blocker.state === "cancelled" ? "cancelled" : "failed";
    await park(ctx, dependant, cause, blockedError(blocker, blocker.state, ctx.now()));
    await blockDependants(ctx, { id: dependant, agent: raw.hash.name }, cause);
  }
}

/**
 * Repairs gates: a gated job whose dependencies all succeeded is promoted,
 * one whose dependency can no longer succeed is blocked. Returns how many
 * jobs it moved.
 */
export async function sweepGates(ctx: RedisContext): Promise<number> {
  let moved = 0;
  for (const lane of LANES) {
    const gated = await ctx.client.zrangebyscore(
      ctx.bullKey(lane, "delayed"),
      delayedScore(GATE_AT),
      "+inf",
    );
    for (const id of gated) {
      const raw = await readRaw(ctx, id);
      if (!raw) continue;
      const { allSucceeded, blocker } = await dependencyStates(
        ctx,
        jobData(id, raw.hash).dependsOn,
      );
      if (allSucceeded && await promote(ctx, id)) moved++;
      else if (blocker) {
        const cause = blocker.state === "cancelled" ? "cancelled" : "failed";
        if (await park(ctx, id, cause, blockedError(blocker, blocker.state, ctx.now()))) moved++;
      }
    }
  }
  return moved;
}

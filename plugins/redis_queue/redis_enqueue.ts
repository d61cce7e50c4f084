/**
 * Enqueueing on Redis: every spec is validated and every dependency checked
 * before anything is written (so a bad batch writes nothing); idempotency
 * keys and job ids are reserved by one script per batch, all or none (a
 * second enqueue with the same key returns the first job, a taken id is
 * refused); jobs go to their
 * lane's BullMQ queue with `addBulk` (one MULTI per lane), as prioritized,
 * delayed, or gated behind their dependencies.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import {
  type EnqueueSpec,
  EnqueueSpecSchema,
  type Job,
  type Lane,
  type ParsedEnqueueSpec,
} from "../../core/queue/job.ts";
import type { EnqueueResult } from "../../core/queue/queue.ts";
import type { JobsOptions } from "./deps.ts";
import { type JobData, toJob } from "./job_view.ts";
import { BULL_PRIORITY, delayedScore, GATE_AT } from "./keys.ts";
import type { RedisContext } from "./redis_context.ts";
import { blockDependants, blockedError, park } from "./redis_dependencies.ts";
import { readJob } from "./redis_reads.ts";

interface Planned {
  spec: ParsedEnqueueSpec;
  id: string;
  data: JobData;
  gated: boolean;
  blocker?: Job;
}

function jobExists(id: string): SuperAgentsError {
  return new SuperAgentsError("JOB_EXISTS", `a job with id ${id} already exists`, {
    hint: "choose another id, or use an idempotency key to reuse the existing job",
  });
}

/** Checks ids and dependencies of a batch; returns the planned jobs (nothing written yet). */
async function plan(
  ctx: RedisContext,
  specs: ParsedEnqueueSpec[],
  newId: () => string,
  now: number,
): Promise<(Planned | EnqueueResult)[]> {
  const planned: (Planned | EnqueueResult)[] = [];
  const inBatch = new Set<string>();
  const seq = specs.length ? await ctx.client.incrby(ctx.keys.seq, specs.length) : 0;
  for (const [position, spec] of specs.entries()) {
    if (spec.idempotencyKey !== undefined) {
      const existingId = await ctx.client.hget(ctx.keys.idempotency, spec.idempotencyKey);
      const existing = existingId ? await readJob(ctx, existingId) : undefined;
      if (existing) {
        planned.push({ job: existing, created: false });
        continue;
      }
    }
    const id = spec.id ?? newId();
    // A taken id is refused here when known, and by the HSETNX reservation in any case.
    if (inBatch.has(id) || (spec.id !== undefined && await readJob(ctx, id))) throw jobExists(id);
    if (spec.dependsOn.includes(id)) {
      throw new SuperAgentsError("JOB_DEPENDS_ON_ITSELF", `job ${id} cannot depend on itself`, {
        hint: "remove the job's own id from dependsOn",
      });
    }
    const runAfter = spec.runAfter ?? now + (spec.delayMs ?? 0);
    if (runAfter >= GATE_AT) {
      throw new SuperAgentsError("DELAY_TOO_LONG", `job ${id} would wait until ${runAfter}`, {
        hint: "the Redis queue holds delays until 2037; choose an earlier runAfter",
        exitCode: 2,
      });
    }
    let gated = false;
    let blocker: Job | undefined;
    for (const dependency of spec.dependsOn) {
      if (inBatch.has(dependency)) {
        gated = true;
        continue;
      }
      const job = await readJob(ctx, dependency);
      if (!job) {
        throw new SuperAgentsError(
          "DEPENDENCY_NOT_FOUND",
          `job ${id} depends on ${dependency}, which does not exist`,
          { hint: "enqueue dependencies first (or earlier in the same batch)" },
        );
      }
      if (job.state !== "succeeded") gated = true;
      if (["failed", "dead", "cancelled"].includes(job.state)) blocker ??= job;
    }
    inBatch.add(id);
    planned.push({
      spec,
      id,
      gated,
      blocker,
      data: {
        input: spec.input ?? null,
        lane: spec.lane,
        priority: spec.priority,
        maxAttempts: spec.maxAttempts ?? ctx.settings.maxAttempts,
        runAfter,
        idempotencyKey: spec.idempotencyKey ?? null,
        dependsOn: spec.dependsOn,
        correlationId: spec.correlationId ?? null,
        parent: spec.parent ?? null,
        flow: spec.flow ?? null,
        node: spec.node ?? null,
        timeoutMs: spec.timeoutMs ?? null,
        createdAt: now,
        seq: seq - specs.length + position + 1,
      },
    });
  }
  return planned;
}

/** Reserves ids (and idempotency keys): all ids in one command, none when one is taken. */
async function reserve(ctx: RedisContext, jobs: Planned[]): Promise<void> {
  if (!jobs.length) return;
  const taken = await ctx.run(
    "saReserve",
    [ctx.keys.index],
    jobs.flatMap((job) => [job.id, job.data.lane]),
  ) as number;
  if (taken > 0) throw jobExists(jobs[taken - 1].id);
  // A key left by a purged or failed enqueue is reused; a live one was checked in plan().
  const keyed = jobs.filter((job) => job.data.idempotencyKey !== null);
  for (const job of keyed) {
    await ctx.client.hset(ctx.keys.idempotency, job.data.idempotencyKey!, job.id);
  }
}

function bullOptions(job: Planned, now: number): JobsOptions {
  const runAt = job.gated ? GATE_AT : job.data.runAfter;
  return {
    jobId: job.id,
    priority: BULL_PRIORITY[job.data.priority],
    attempts: job.data.maxAttempts,
    delay: Math.max(0, runAt - now),
    timestamp: now,
    removeOnComplete: false,
    removeOnFail: false,
  };
}

/**
 * Enqueues a batch atomically as far as validation goes: all or nothing.
 *
 * @example
 * ```ts
 * const [{ job }] = await enqueueMany(ctx, [{ agent: "reviewer" }], newJobId);
 * ```
 */
export async function enqueueMany(
  ctx: RedisContext,
  specs: EnqueueSpec[],
  newId: () => string,
): Promise<EnqueueResult[]> {
  const parsed = specs.map((spec) => EnqueueSpecSchema.parse(spec));
  const now = ctx.now();
  const planned = await plan(ctx, parsed, newId, now);
  const fresh = planned.filter((entry): entry is Planned => "data" in entry);
  await reserve(ctx, fresh);
  try {
    const edges = ctx.client.pipeline();
    for (const job of fresh) {
      for (const dependency of job.data.dependsOn) {
        edges.sadd(ctx.keys.dependants(dependency), job.id);
      }
    }
    for (const [error] of (await edges.exec()) ?? []) if (error) throw error;
    for (const lane of ["interactive", "batch"] as Lane[]) {
      const jobs = fresh.filter((job) => job.data.lane === lane);
      if (!jobs.length) continue;
      await ctx.queues[lane].addBulk(jobs.map((job) => ({
        name: job.spec.agent,
        data: job.data,
        opts: bullOptions(job, now),
      })));
    }
  } catch (error) {
    await ctx.client.hdel(ctx.keys.index, ...fresh.map((job) => job.id));
    throw error;
  }
  for (const job of fresh) {
    if (!job.blocker) continue;
    const cause = job.blocker.state;
    const state = cause === "cancelled" ? "cancelled" : "failed";
    await park(ctx, job.id, state, blockedError(job.blocker, cause, now));
    await blockDependants(ctx, { id: job.id, agent: job.spec.agent }, state);
  }
  const readBack = fresh.some((job) => job.blocker);
  const results: EnqueueResult[] = [];
  for (const entry of planned) {
    if (!("data" in entry)) {
      results.push(entry);
      continue;
    }
    if (readBack) {
      results.push({ job: (await readJob(ctx, entry.id))!, created: true });
      continue;
    }
    const runAt = entry.gated ? GATE_AT : entry.data.runAfter;
    const job = toJob({
      id: entry.id,
      hash: {
        name: entry.spec.agent,
        data: JSON.stringify(entry.data),
        timestamp: String(now),
      },
      bull: runAt > now ? "delayed" : "prioritized",
      delayedScore: delayedScore(runAt),
    }, now);
    results.push({ job, created: true });
  }
  return results;
}

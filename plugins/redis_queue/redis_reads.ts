/**
 * Reads of the Redis queue: one job (its hash, lock and the BullMQ set it
 * sits in, in one pipelined round trip), every job of the queue (for `list`
 * and `stats`, by reading each lane's sets once), and the results of a job's
 * dependencies. Reads never change anything.
 * @module
 */

import {
  type Job,
  JOB_STATES,
  type Lane,
  type ListFilter,
  ListFilterSchema,
  PRIORITIES,
  type QueueStats,
} from "../../core/queue/job.ts";
import type { DependencyResult } from "../../core/queue/queue.ts";
import { type BullState, jobData, type RawJob, toJob } from "./job_view.ts";
import { LANES } from "./keys.ts";
import type { RedisContext } from "./redis_context.ts";

type PipelineResult = [Error | null, unknown][] | null;

function values(results: PipelineResult): unknown[] {
  return (results ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/** The lane of a job, or undefined when no such job was ever enqueued. */
export async function laneOf(ctx: RedisContext, id: string): Promise<Lane | undefined> {
  const lane = await ctx.client.hget(ctx.keys.index, id);
  return lane === "interactive" || lane === "batch" ? lane : undefined;
}

/** One job in its raw form, or undefined (`knownLane` saves a lookup). */
export async function readRaw(
  ctx: RedisContext,
  id: string,
  knownLane?: Lane,
): Promise<RawJob | undefined> {
  const lane = knownLane ?? await laneOf(ctx, id);
  if (!lane) return undefined;
  const key = (suffix: string) => ctx.bullKey(lane, suffix);
  const [hash, lock, ttl, delayed, prioritized, active, completed, failed, wait] = values(
    await ctx.client.multi()
      .hgetall(key(id))
      .get(key(`${id}:lock`))
      .pttl(key(`${id}:lock`))
      .zscore(key("delayed"), id)
      .zscore(key("prioritized"), id)
      .lpos(key("active"), id)
      .zscore(key("completed"), id)
      .zscore(key("failed"), id)
      .lpos(key("wait"), id)
      .exec(),
  );
  const fields = hash as Record<string, string>;
  if (Object.keys(fields).length === 0) return undefined; // reserved by an enqueue that failed
  const bull: BullState | undefined = active !== null
    ? "active"
    : prioritized !== null
    ? "prioritized"
    : wait !== null
    ? "wait"
    : delayed !== null
    ? "delayed"
    : completed !== null
    ? "completed"
    : failed !== null
    ? "failed"
    : undefined;
  return {
    id,
    hash: fields,
    bull,
    delayedScore: delayed === null ? undefined : Number(delayed),
    lockOwner: lock as string | null,
    lockTtlMs: Number(ttl),
  };
}

/** One job, or undefined. */
export async function readJob(
  ctx: RedisContext,
  id: string,
  knownLane?: Lane,
): Promise<Job | undefined> {
  const raw = await readRaw(ctx, id, knownLane);
  return raw && toJob(raw, ctx.now());
}

/** Every job of one lane, raw. */
async function readLane(ctx: RedisContext, lane: Lane): Promise<RawJob[]> {
  const key = (suffix: string) => ctx.bullKey(lane, suffix);
  const [active, prioritized, wait, delayed, completed, failed] = values(
    await ctx.client.multi()
      .lrange(key("active"), 0, -1)
      .zrange(key("prioritized"), 0, -1)
      .lrange(key("wait"), 0, -1)
      .zrange(key("delayed"), 0, -1, "WITHSCORES")
      .zrange(key("completed"), 0, -1)
      .zrange(key("failed"), 0, -1)
      .exec(),
  ) as string[][];
  const states = new Map<string, { bull: BullState; score?: number }>();
  for (const id of completed) states.set(id, { bull: "completed" });
  for (const id of failed) states.set(id, { bull: "failed" });
  for (let i = 0; i + 1 < delayed.length; i += 2) {
    states.set(delayed[i], { bull: "delayed", score: Number(delayed[i + 1]) });
  }
  for (const id of wait) states.set(id, { bull: "wait" });
  for (const id of prioritized) states.set(id, { bull: "prioritized" });
  for (const id of active) states.set(id, { bull: "active" });
  const ids = [...states.keys()];
  if (ids.length === 0) return [];
  const pipeline = ctx.client.pipeline();
  for (const id of ids) {
    pipeline.hgetall(key(id));
    pipeline.get(key(`${id}:lock`));
    pipeline.pttl(key(`${id}:lock`));
  }
  const replies = values(await pipeline.exec());
  const jobs: RawJob[] = [];
  ids.forEach((id, i) => {
    const hash = replies[i * 3] as Record<string, string>;
    if (Object.keys(hash).length === 0) return; // removed between the two reads
    const state = states.get(id)!;
    jobs.push({
      id,
      hash,
      bull: state.bull,
      delayedScore: state.score,
      lockOwner: replies[i * 3 + 1] as string | null,
      lockTtlMs: Number(replies[i * 3 + 2]),
    });
  });
  return jobs;
}

/** Every job of the queue, oldest first. */
export async function readAll(ctx: RedisContext): Promise<Job[]> {
  const now = ctx.now();
  const raws = (await Promise.all(LANES.map((lane) => readLane(ctx, lane)))).flat();
  const withSeq = raws.map((raw) => ({ job: toJob(raw, now), seq: jobData(raw.id, raw.hash).seq }));
  withSeq.sort((a, b) => a.seq - b.seq);
  return withSeq.map((entry) => entry.job);
}

/** `list`: filters, order, offset and limit as the SQLite backend applies them. */
export async function listJobs(ctx: RedisContext, input: ListFilter): Promise<Job[]> {
  const filter = ListFilterSchema.parse(input);
  let jobs = (await readAll(ctx)).filter((job) =>
    (!filter.state || filter.state.includes(job.state)) &&
    (filter.agent === undefined || job.agent === filter.agent) &&
    (filter.flow === undefined || job.flow === filter.flow) &&
    (filter.correlationId === undefined || job.correlationId === filter.correlationId)
  );
  if (filter.order === "newest") jobs = jobs.reverse();
  return jobs.slice(filter.offset, filter.offset + filter.limit);
}

/** `stats`: counts by state, ready jobs per priority, the oldest queued job. */
export async function queueStats(ctx: RedisContext): Promise<QueueStats> {
  const jobs = await readAll(ctx);
  const byState = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as QueueStats["byState"];
  const ready = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as QueueStats["ready"];
  let oldestQueuedAt: number | null = null;
  const done = new Set(jobs.filter((job) => job.state === "succeeded").map((job) => job.id));
  for (const job of jobs) {
    byState[job.state]++;
    if (job.state !== "queued") continue;
    if (job.dependsOn.every((dependency) => done.has(dependency))) ready[job.priority]++;
    oldestQueuedAt = Math.min(oldestQueuedAt ?? job.createdAt, job.createdAt);
  }
  return { total: jobs.length, byState, ready, oldestQueuedAt };
}

/** The results of a job's dependencies, in dependency order. */
export async function dependencyResults(
  ctx: RedisContext,
  id: string,
): Promise<DependencyResult[]> {
  const raw = await readRaw(ctx, id);
  if (!raw) return [];
  const results: DependencyResult[] = [];
  for (const dependency of jobData(id, raw.hash).dependsOn) {
    const job = await readJob(ctx, dependency);
    if (!job) continue; // purged from the dead-letter queue since
    results.push({
      id: job.id,
      agent: job.agent,
      node: job.node,
      result: job.state === "succeeded" ? job.result : null,
    });
  }
  return results;
}

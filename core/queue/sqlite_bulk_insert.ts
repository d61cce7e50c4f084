/**
 * Inserting many plain jobs with few statements. A job with no caller-chosen
 * id, no idempotency key and no dependencies needs no lookups, so a run of
 * them is inserted by multi-row `INSERT … VALUES` statements of up to 64
 * rows (node:sqlite costs about 9 µs a call, more than an insert itself;
 * rows unpacked from one JSON parameter cost twice as much again), and the
 * returned jobs are built from the values written instead of read back.
 * @module
 */

import type { SQLInputValue } from "node:sqlite";
import type { Job, JobState, ParsedEnqueueSpec } from "./job.ts";
import type { EnqueueResult } from "./queue.ts";
import { type InsertContext, insertJob } from "./sqlite_enqueue.ts";
import { priorityRank, toJsonColumn } from "./sqlite_rows.ts";

/** Whether `spec` can go through {@linkcode insertPlainJobs}. */
export function isPlain(spec: ParsedEnqueueSpec): boolean {
  return spec.id === undefined && spec.idempotencyKey === undefined && spec.dependsOn.length === 0;
}

const COLUMNS = `id, agent, input, priority, lane, state, max_attempts, pending_deps, run_after,
  idempotency_key, correlation_id, parent, flow, node, depends_on, timeout_ms, error, created_at,
  updated_at, finished_at`;
const ROW = "(?,?,?,?,?,?,?,0,?,NULL,?,?,?,?,'[]',?,NULL,?,?,NULL)";
/** Rows per statement: powers of two up to this, so a few prepared statements serve any batch. */
const MAX_ROWS = 64;

function insertRows(count: number): string {
  return `INSERT INTO jobs (${COLUMNS}) VALUES ${Array(count).fill(ROW).join(",")}`;
}

/** Inserts plain specs in their order (consecutive `seq`), inside the caller's transaction. */
export function insertPlainJobs(ctx: InsertContext, specs: ParsedEnqueueSpec[]): EnqueueResult[] {
  const { now } = ctx;
  const jobs: Job[] = [];
  const rows: SQLInputValue[][] = specs.map((spec) => {
    const runAfter = spec.runAfter ?? now + (spec.delayMs ?? 0);
    const input = toJsonColumn(spec.input);
    const job: Job = {
      id: ctx.newId(),
      agent: spec.agent,
      input: JSON.parse(input), // what a read gives back: the stored JSON
      priority: spec.priority,
      lane: spec.lane,
      state: (runAfter > now ? "delayed" : "queued") satisfies JobState,
      attempts: 0,
      maxAttempts: spec.maxAttempts ?? ctx.defaultMaxAttempts,
      runAfter,
      leaseOwner: null,
      leaseExpiresAt: null,
      cancelRequested: false,
      idempotencyKey: null,
      dependsOn: [],
      correlationId: spec.correlationId ?? null,
      parent: spec.parent ?? null,
      flow: spec.flow ?? null,
      node: spec.node ?? null,
      timeoutMs: spec.timeoutMs ?? null,
      progress: null,
      result: null,
      error: null,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
    };
    jobs.push(job);
    return [
      job.id,
      job.agent,
      input,
      priorityRank(job.priority),
      job.lane,
      job.state,
      job.maxAttempts,
      runAfter,
      job.correlationId,
      job.parent,
      job.flow,
      job.node,
      job.timeoutMs,
      now,
      now,
    ];
  });
  for (let at = 0; at < rows.length;) {
    let count = MAX_ROWS;
    while (count > rows.length - at) count /= 2;
    ctx.sql(insertRows(count)).run(...rows.slice(at, at += count).flat());
  }
  return jobs.map((job) => ({ job, created: true }));
}

/** Inserts specs in order: runs of plain ones in bulk, the others one by one. */
export function insertJobs(ctx: InsertContext, specs: ParsedEnqueueSpec[]): EnqueueResult[] {
  const results: EnqueueResult[] = [];
  for (let i = 0; i < specs.length;) {
    let end = i;
    while (end < specs.length && isPlain(specs[end])) end++;
    if (end > i) {
      results.push(...insertPlainJobs(ctx, specs.slice(i, end)));
      i = end;
    } else results.push(insertJob(ctx, specs[i++]));
  }
  return results;
}

/**
 * What a job is: the zod schemas for an enqueue request, a job as every
 * backend returns it, its error and progress, and the states a job moves
 * through. Types are inferred from the schemas, so the CLI, the backends and
 * rows read back from disk share one definition.
 *
 * States: `queued` (claimable), `delayed` (claimable from `runAfter`: a delay
 * or a retry backoff), `leased` (a worker holds it until `leaseExpiresAt`),
 * `succeeded`, `failed` (blocked by a failed or cancelled dependency),
 * `dead` (attempts exhausted or a non-retryable error: the dead-letter
 * queue), `cancelled`.
 * @module
 */

import { z } from "../deps.ts";

/** Priorities, most urgent first; FIFO within one priority. */
export const PRIORITIES = ["critical", "high", "normal", "low"] as const;
/** A job's priority. */
export const PrioritySchema = z.enum(PRIORITIES);
/** A job's priority. */
export type Priority = z.infer<typeof PrioritySchema>;

/** Every state a job can be in. */
export const JOB_STATES = [
  "queued",
  "delayed",
  "leased",
  "succeeded",
  "failed",
  "dead",
  "cancelled",
] as const;
/** A job's state. */
export const JobStateSchema = z.enum(JOB_STATES);
/** A job's state. */
export type JobState = z.infer<typeof JobStateSchema>;

/** States a job never leaves on its own (only `retry` moves it again). */
export const TERMINAL_STATES: readonly JobState[] = ["succeeded", "failed", "dead", "cancelled"];

/**
 * Lanes: `interactive` jobs are claimed one by one by pool workers; `batch`
 * jobs are claimed in bulk by a batch provider (the Message Batches API).
 */
export const LaneSchema = z.enum(["interactive", "batch"]);
/** A job's lane. */
export type Lane = z.infer<typeof LaneSchema>;

/** Job ids: `job_` plus letters, digits, `_` or `-` (also what `--id` accepts). */
export const JobIdSchema = z.string().regex(
  /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/,
  "a job id is 3-128 letters, digits, _ or -",
);

/** Agent names as in agent definitions: lower-case words joined by `-`, `_` or `.`. */
export const AgentNameSchema = z.string().regex(
  /^[a-z0-9][a-z0-9._-]{0,63}$/,
  "an agent name is lower-case letters, digits, '.', '_' or '-'",
);

/** Why a job failed: what happened, a stable code, and details for `--json`. */
export const JobErrorSchema = z.object({
  message: z.string(),
  code: z.string().default("JOB_FAILED"),
  /** The attempt that failed (1-based); absent for errors set outside an attempt. */
  attempt: z.number().int().min(0).optional(),
  at: z.number().int().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
/** A job's error. */
export type JobError = z.infer<typeof JobErrorSchema>;
/** A job error as reported by a worker (code, attempt and time filled in by the queue). */
export type JobErrorInput = z.input<typeof JobErrorSchema>;

/** Progress a running job reports. */
export const JobProgressSchema = z.object({
  /** 0-100. */
  percent: z.number().min(0).max(100).optional(),
  message: z.string().max(2000).optional(),
  data: z.unknown().optional(),
});
/** A job's progress. */
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** A request to enqueue one job. */
export const EnqueueSpecSchema = z.object({
  /** Chosen by the caller (a DAG names its nodes before enqueueing); generated otherwise. */
  id: JobIdSchema.optional(),
  agent: AgentNameSchema,
  input: z.unknown().default(null),
  priority: PrioritySchema.default("normal"),
  lane: LaneSchema.default("interactive"),
  /** Not claimable for this many milliseconds. */
  delayMs: z.number().int().min(0).optional(),
  /** Not claimable before this time (ms since the epoch); wins over `delayMs`. */
  runAfter: z.number().int().min(0).optional(),
  /** Default: `queue.maxAttempts` from the configuration. */
  maxAttempts: z.number().int().min(1).max(100).optional(),
  /** A second enqueue with the same key returns the first job. */
  idempotencyKey: z.string().min(1).max(256).optional(),
  /** Ids of jobs that must succeed first (existing, or earlier in the same batch). */
  dependsOn: z.array(JobIdSchema).default([]),
  correlationId: z.string().min(1).max(128).optional(),
  /** The job or event that caused this one. */
  parent: z.string().min(1).max(128).optional(),
  /** The pipeline run this job is a node of, and the node's name. */
  flow: z.string().min(1).max(128).optional(),
  node: z.string().min(1).max(128).optional(),
  /** Kill the attempt after this long (the pool terminates its worker). */
  timeoutMs: z.number().int().min(1).optional(),
});
/** An enqueue request as callers write it. */
export type EnqueueSpec = z.input<typeof EnqueueSpecSchema>;
/** An enqueue request with defaults applied. */
export type ParsedEnqueueSpec = z.output<typeof EnqueueSpecSchema>;

/** A job as every backend returns it. */
export const JobSchema = z.object({
  id: z.string(),
  agent: z.string(),
  input: z.unknown(),
  priority: PrioritySchema,
  lane: LaneSchema,
  state: JobStateSchema,
  attempts: z.number().int().min(0),
  maxAttempts: z.number().int().min(1),
  runAfter: z.number().int(),
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: z.number().int().nullable(),
  cancelRequested: z.boolean(),
  idempotencyKey: z.string().nullable(),
  dependsOn: z.array(z.string()),
  correlationId: z.string().nullable(),
  parent: z.string().nullable(),
  flow: z.string().nullable(),
  node: z.string().nullable(),
  timeoutMs: z.number().int().nullable(),
  progress: JobProgressSchema.nullable(),
  result: z.unknown(),
  error: JobErrorSchema.nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
});
/** A job. */
export type Job = z.infer<typeof JobSchema>;

/** Filters of `list`. */
export const ListFilterSchema = z.object({
  state: z.array(JobStateSchema).optional(),
  agent: z.string().optional(),
  flow: z.string().optional(),
  correlationId: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).default(100),
  offset: z.number().int().min(0).default(0),
  /** `newest` first (default) or `oldest` first (enqueue order, e.g. the nodes of a flow). */
  order: z.enum(["newest", "oldest"]).default("newest"),
});
/** Filters of `list` as callers write them. */
export type ListFilter = z.input<typeof ListFilterSchema>;

/** Counts for `queue stats` and `status`. */
export interface QueueStats {
  total: number;
  byState: Record<JobState, number>;
  /** Claimable jobs (queued, dependencies done) per priority. */
  ready: Record<Priority, number>;
  /** Creation time of the oldest queued job, or null. */
  oldestQueuedAt: number | null;
}

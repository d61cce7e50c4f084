/**
 * Reading a job back from Redis: a BullMQ job hash (with our meaning of
 * `ats` and `failedReason`, our `sa_*` fields, and the set the job sits in)
 * becomes a {@linkcode Job}, validated with the
 * same zod schema every backend returns. The payload we store in BullMQ's
 * `data` field is validated on the way back too, so a hand-edited or foreign
 * job fails loudly and names itself.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { z } from "../../core/deps.ts";
import {
  type Job,
  JobErrorSchema,
  JobProgressSchema,
  JobSchema,
  type JobState,
} from "../../core/queue/job.ts";
import { GATE_AT, scoreTime } from "./keys.ts";

/**
 * What we store in BullMQ's `data` field: the job's own fields that BullMQ
 * has no place for (typed exactly as a {@linkcode Job}'s), plus our
 * enqueue sequence number.
 */
export const JobDataSchema = JobSchema.pick({
  input: true,
  lane: true,
  priority: true,
  maxAttempts: true,
  runAfter: true,
  idempotencyKey: true,
  dependsOn: true,
  correlationId: true,
  parent: true,
  flow: true,
  node: true,
  timeoutMs: true,
  createdAt: true,
}).extend({ seq: z.number().int() });
/** The payload of a BullMQ job of ours. */
export type JobData = z.infer<typeof JobDataSchema>;

/** The BullMQ set a job sits in. */
export type BullState = "prioritized" | "wait" | "active" | "delayed" | "completed" | "failed";

/** A job's raw state on Redis. */
export interface RawJob {
  id: string;
  hash: Record<string, string>;
  bull: BullState | undefined;
  /** The delayed-set score, for a delayed job. */
  delayedScore?: number;
  /** Lock holder and remaining lock time, for an active job. */
  lockOwner?: string | null;
  lockTtlMs?: number;
}

/** Whether a delayed-set score is the dependency gate. */
export function isGated(score: number | undefined): boolean {
  return score !== undefined && scoreTime(score) >= GATE_AT;
}

function queueRowInvalid(id: string, why: string): SuperAgentsError {
  return new SuperAgentsError("QUEUE_ROW_INVALID", `job ${id} on Redis is invalid: ${why}`, {
    hint: `inspect it with \`super-agents task show ${id} --json\`, or cancel and re-create it`,
  });
}

function parseJson(id: string, field: string, text: string | undefined): unknown {
  if (text === undefined || text === "") return null;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw queueRowInvalid(id, `field ${field} is not JSON (${(cause as Error).message})`);
  }
}

/** Our payload of a job hash. */
export function jobData(id: string, hash: Record<string, string>): JobData {
  const parsed = JobDataSchema.safeParse(parseJson(id, "data", hash.data));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw queueRowInvalid(id, `data.${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

function stateOf(raw: RawJob): JobState {
  switch (raw.bull) {
    case "prioritized":
    case "wait":
      return "queued";
    case "delayed":
      return isGated(raw.delayedScore) ? "queued" : "delayed";
    case "active":
      return "leased";
    case "completed":
      return "succeeded";
    case "failed": {
      const kind = raw.hash.sa_state;
      return kind === "failed" || kind === "cancelled" ? kind : "dead";
    }
    default:
      throw queueRowInvalid(raw.id, "it is in no BullMQ state set");
  }
}

function number(text: string | undefined): number | null {
  if (text === undefined || text === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.trunc(value) : null;
}

/** Our JSON error in `failedReason`; a plain BullMQ reason (a foreign job) becomes its message. */
function errorOf(raw: RawJob, state: JobState): Job["error"] {
  const reason = raw.hash.failedReason;
  if (state === "succeeded" || reason === undefined || reason === "") return null;
  let stored: unknown;
  try {
    stored = JSON.parse(reason);
  } catch {
    // Not ours: BullMQ's own plain-text reason.
    return { message: reason, code: "JOB_FAILED" };
  }
  const parsed = JobErrorSchema.safeParse(stored);
  return parsed.success ? parsed.data : { message: reason, code: "JOB_FAILED" };
}

function progressOf(raw: RawJob): Job["progress"] {
  const stored = parseJson(raw.id, "progress", raw.hash.progress);
  if (stored === null || typeof stored !== "object") return null; // BullMQ's default progress is 0
  const parsed = JobProgressSchema.safeParse(stored);
  if (!parsed.success) throw queueRowInvalid(raw.id, "field progress is not job progress");
  return parsed.data;
}

/**
 * The {@linkcode Job} a raw Redis job stands for, at time `now`.
 *
 * @example
 * ```ts
 * const job = toJob({ id, hash, bull: "prioritized" }, Date.now());
 * ```
 */
export function toJob(raw: RawJob, now: number): Job {
  const data = jobData(raw.id, raw.hash);
  const state = stateOf(raw);
  const attempts = Math.max(0, number(raw.hash.ats) ?? 0);
  const startedAt = number(raw.hash.processedOn);
  const finishedAt = ["succeeded", "failed", "dead", "cancelled"].includes(state)
    ? number(raw.hash.finishedOn)
    : null;
  const leased = state === "leased" && raw.lockOwner;
  const job = {
    id: raw.id,
    agent: raw.hash.name,
    input: data.input,
    priority: data.priority,
    lane: data.lane,
    state,
    attempts,
    maxAttempts: data.maxAttempts,
    runAfter: state === "delayed" ? scoreTime(raw.delayedScore!) : data.runAfter,
    leaseOwner: leased ? raw.lockOwner! : null,
    leaseExpiresAt: leased ? now + Math.max(0, raw.lockTtlMs ?? 0) : null,
    cancelRequested: raw.hash.sa_cancel === "1",
    idempotencyKey: data.idempotencyKey,
    dependsOn: data.dependsOn,
    correlationId: data.correlationId,
    parent: data.parent,
    flow: data.flow,
    node: data.node,
    timeoutMs: data.timeoutMs,
    progress: progressOf(raw),
    result: state === "succeeded" ? parseJson(raw.id, "returnvalue", raw.hash.returnvalue) : null,
    error: errorOf(raw, state),
    createdAt: data.createdAt,
    updatedAt: Math.max(data.createdAt, startedAt ?? 0, number(raw.hash.finishedOn) ?? 0),
    startedAt,
    finishedAt,
  };
  const parsed = JobSchema.safeParse(job);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw queueRowInvalid(raw.id, `${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** The hash fields a completion reads back: what may change while a job is leased. */
export const COMPLETION_FIELDS = ["progress", "sa_cancel", "finishedOn"] as const;

/**
 * The job `claimed` as it reads after its completion with `result`, given
 * the {@linkcode COMPLETION_FIELDS} read after it (saves reading it whole).
 */
export function completedJob(claimed: Job, result: unknown, fields: (string | null)[]): Job {
  const hash: Record<string, string> = {};
  COMPLETION_FIELDS.forEach((field, i) => {
    if (fields[i] !== null && fields[i] !== undefined) hash[field] = fields[i]!;
  });
  const finishedAt = number(hash.finishedOn);
  return {
    ...claimed,
    state: "succeeded",
    leaseOwner: null,
    leaseExpiresAt: null,
    cancelRequested: hash.sa_cancel === "1",
    progress: progressOf({ id: claimed.id, hash } as RawJob),
    result: JSON.parse(JSON.stringify(result ?? null)), // as stored: BullMQ keeps it as JSON
    error: null,
    updatedAt: Math.max(claimed.createdAt, claimed.startedAt ?? 0, finishedAt ?? 0),
    finishedAt,
  };
}

/** A flat `HGETALL` reply (`[field, value, ...]`) as an object. */
export function hashOf(flat: unknown): Record<string, string> {
  const hash: Record<string, string> = {};
  if (Array.isArray(flat)) {
    for (let i = 0; i + 1 < flat.length; i += 2) hash[String(flat[i])] = String(flat[i + 1]);
  }
  return hash;
}

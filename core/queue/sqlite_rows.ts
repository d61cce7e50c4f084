/**
 * Rows of the `jobs` table as read back from disk: validated with zod (a row
 * written by another version or edited by hand fails loudly, naming the job)
 * and mapped to the backend-neutral {@linkcode Job}.
 * @module
 */

import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { type Job, JobErrorSchema, JobProgressSchema, PRIORITIES, type Priority } from "./job.ts";
import { JobStateSchema, LaneSchema } from "./job.ts";

/** The columns every job query selects (`j` is the jobs table). */
export const JOB_COLUMNS = `j.id, j.agent, j.input, j.priority, j.lane, j.state, j.attempts,
  j.max_attempts, j.run_after, j.lease_owner, j.lease_expires_at, j.cancel_requested,
  j.idempotency_key, j.correlation_id, j.parent, j.flow, j.node, j.timeout_ms, j.progress,
  j.result, j.error, j.created_at, j.updated_at, j.started_at, j.finished_at, j.depends_on`;

const int = z.number().int();
const StringListSchema = z.array(z.string());
const text = z.string();

/** One row of `SELECT ${JOB_COLUMNS} FROM jobs j`. */
export const JobRowSchema = z.object({
  id: text,
  agent: text,
  input: text,
  priority: int.min(0).max(3),
  lane: LaneSchema,
  state: JobStateSchema,
  attempts: int,
  max_attempts: int,
  run_after: int,
  lease_owner: text.nullable(),
  lease_expires_at: int.nullable(),
  cancel_requested: int,
  idempotency_key: text.nullable(),
  correlation_id: text.nullable(),
  parent: text.nullable(),
  flow: text.nullable(),
  node: text.nullable(),
  timeout_ms: int.nullable(),
  progress: text.nullable(),
  result: text.nullable(),
  error: text.nullable(),
  created_at: int,
  updated_at: int,
  started_at: int.nullable(),
  finished_at: int.nullable(),
  depends_on: text,
});

/** The stored number of a priority (0 = critical). */
export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

function json(value: string | null, id: string, column: string): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw corrupt(id, `${column} is not JSON (${(error as Error).message})`);
  }
}

function corrupt(id: string, why: string): SuperAgentsError {
  return new SuperAgentsError("QUEUE_ROW_INVALID", `job ${id} in queue.db is invalid: ${why}`, {
    hint: `inspect it with \`super-agents task show ${id} --json\`, or cancel and re-create it`,
  });
}

/** Validates one raw row and maps it to a {@linkcode Job}. */
export function rowToJob(raw: unknown): Job {
  const parsed = JobRowSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | undefined)?.id;
    const issue = parsed.error.issues[0];
    throw corrupt(String(id), `column ${issue.path.join(".")}: ${issue.message}`);
  }
  const row = parsed.data;
  const progress = row.progress === null
    ? null
    : JobProgressSchema.parse(json(row.progress, row.id, "progress"));
  const error = row.error === null ? null : JobErrorSchema.parse(json(row.error, row.id, "error"));
  return {
    id: row.id,
    agent: row.agent,
    input: json(row.input, row.id, "input"),
    priority: PRIORITIES[row.priority],
    lane: row.lane,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    cancelRequested: row.cancel_requested !== 0,
    idempotencyKey: row.idempotency_key,
    dependsOn: StringListSchema.parse(json(row.depends_on, row.id, "depends_on")),
    correlationId: row.correlation_id,
    parent: row.parent,
    flow: row.flow,
    node: row.node,
    timeoutMs: row.timeout_ms,
    progress,
    result: json(row.result, row.id, "result"),
    error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** JSON text of a value for a TEXT column (undefined stores as null). */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

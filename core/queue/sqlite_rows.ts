/**
 * Rows of the `jobs` table as read back from disk: validated with zod (a row
 * written by another version or edited by hand fails loudly, naming the job)
 * and mapped to the backend-neutral {@linkcode Job}.
 * @module
 */

import type { SQLInputValue, StatementSync } from "node:sqlite";
import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { type Job, JobErrorSchema, JobProgressSchema, PRIORITIES, type Priority } from "./job.ts";
import { JobStateSchema, LaneSchema } from "./job.ts";

/** The columns every job query selects (`j` is the jobs table). */
export const JOB_COLUMNS = `j.id, j.agent, j.input, j.priority, j.lane, j.state, j.attempts,
  j.max_attempts, j.run_after, j.lease_owner, j.lease_expires_at, j.cancel_requested,
  j.idempotency_key, j.correlation_id, j.parent, j.flow, j.node, j.timeout_ms, j.progress,
  j.result, j.error, j.created_at, j.updated_at, j.started_at, j.finished_at, j.depends_on`;

/** {@linkcode JOB_COLUMNS} without the table alias, for `RETURNING` clauses. */
export const RETURNED_JOB_COLUMNS = JOB_COLUMNS.replaceAll("j.", "");

/** `setReturnArrays` exists at run time (Deno 2.9's node:sqlite) but not in its types. */
interface ArrayRows {
  setReturnArrays?: (enabled: boolean) => void;
}

/**
 * Rows as arrays: node:sqlite builds a 26-column row object through slow
 * per-property calls, and reading it back is slow too; an array turned into a
 * literal object here made a row read + validation ~2× faster (23 → 12 µs).
 */
function arrayRows(statement: StatementSync): StatementSync {
  (statement as unknown as ArrayRows).setReturnArrays?.(true);
  return statement;
}

/** The jobs a statement selecting (or returning) {@linkcode JOB_COLUMNS} yields. */
export function allJobs(statement: StatementSync, ...params: SQLInputValue[]): Job[] {
  return (arrayRows(statement).all(...params) as unknown[]).map(rowToJob);
}

/** The first job such a statement yields, or undefined. */
export function oneJob(statement: StatementSync, ...params: SQLInputValue[]): Job | undefined {
  const row: unknown = arrayRows(statement).get(...params);
  return row === undefined ? undefined : rowToJob(row);
}

/** A row read as an array (in {@linkcode JOB_COLUMNS} order) as the object zod expects. */
function rowFromValues(v: unknown[]): Record<string, unknown> {
  return {
    id: v[0],
    agent: v[1],
    input: v[2],
    priority: v[3],
    lane: v[4],
    state: v[5],
    attempts: v[6],
    max_attempts: v[7],
    run_after: v[8],
    lease_owner: v[9],
    lease_expires_at: v[10],
    cancel_requested: v[11],
    idempotency_key: v[12],
    correlation_id: v[13],
    parent: v[14],
    flow: v[15],
    node: v[16],
    timeout_ms: v[17],
    progress: v[18],
    result: v[19],
    error: v[20],
    created_at: v[21],
    updated_at: v[22],
    started_at: v[23],
    finished_at: v[24],
    depends_on: v[25],
  };
}

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

type JobRow = z.infer<typeof JobRowSchema>;

const TEXT = ["id", "agent", "input", "depends_on"] as const;
const INTEGER = [
  "attempts",
  "max_attempts",
  "run_after",
  "cancel_requested",
  "created_at",
  "updated_at",
] as const;
const NULLABLE_TEXT = [
  "lease_owner",
  "idempotency_key",
  "correlation_id",
  "parent",
  "flow",
  "node",
  "progress",
  "result",
  "error",
] as const;
const NULLABLE_INTEGER = ["lease_expires_at", "timeout_ms", "started_at", "finished_at"] as const;
const STATES: ReadonlySet<unknown> = new Set(JobStateSchema.options);
const LANES: ReadonlySet<unknown> = new Set(LaneSchema.options);

/**
 * The same checks as {@linkcode JobRowSchema}, written out: a claim and a
 * completion read a row each, and zod's parse was ~10 % of the queue's
 * main-thread time in `scripts/bench/queue.ts`. A row that fails is parsed by
 * the schema again, so the error names the exact column.
 */
function isJobRow(raw: unknown): raw is JobRow {
  if (raw === null || typeof raw !== "object") return false;
  const row = raw as Record<string, unknown>;
  for (const column of TEXT) if (typeof row[column] !== "string") return false;
  for (const column of INTEGER) if (!Number.isSafeInteger(row[column])) return false;
  for (const column of NULLABLE_TEXT) {
    if (row[column] !== null && typeof row[column] !== "string") return false;
  }
  for (const column of NULLABLE_INTEGER) {
    if (row[column] !== null && !Number.isSafeInteger(row[column])) return false;
  }
  const priority = row.priority;
  return Number.isSafeInteger(priority) && (priority as number) >= 0 &&
    (priority as number) <= 3 && STATES.has(row.state) && LANES.has(row.lane);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string")
    ? value
    : StringListSchema.parse(value);
}

/** Validates one raw row (an object, or an array in column order) and maps it to a {@linkcode Job}. */
export function rowToJob(input: unknown): Job {
  const raw = Array.isArray(input) ? rowFromValues(input) : input;
  let row: JobRow;
  if (isJobRow(raw)) row = raw;
  else {
    const parsed = JobRowSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | undefined)?.id;
      const issue = parsed.error.issues[0];
      throw corrupt(String(id), `column ${issue.path.join(".")}: ${issue.message}`);
    }
    row = parsed.data;
  }
  const progress = parseProgress(row.progress, row.id);
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
    dependsOn: stringList(json(row.depends_on, row.id, "depends_on")),
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

/** The `progress` column of job `id`, validated. */
export function parseProgress(text: string | null, id: string): Job["progress"] {
  return text === null ? null : JobProgressSchema.parse(json(text, id, "progress"));
}

/** JSON text of a value for a TEXT column (undefined stores as null). */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

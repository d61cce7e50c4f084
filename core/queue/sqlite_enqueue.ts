/**
 * Inserting one job into the SQLite queue, inside the caller's transaction:
 * idempotency keys, id and dependency checks, and the initial state (queued,
 * delayed, or already blocked by a dependency that failed). A job can only
 * depend on jobs that exist, so the stored graph can never hold a cycle.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { JobState, ParsedEnqueueSpec } from "./job.ts";
import type { EnqueueResult } from "./queue.ts";
import type { Statements } from "./sqlite_db.ts";
import { addEdges } from "./sqlite_dependencies.ts";
import { selectByIdempotencyKey } from "./sqlite_reads.ts";
import { oneJob, priorityRank, RETURNED_JOB_COLUMNS, toJsonColumn } from "./sqlite_rows.ts";
import type { DatabaseSync } from "node:sqlite";

/** What an insert needs besides the spec. */
export interface InsertContext {
  db: DatabaseSync;
  sql: Statements;
  now: number;
  newId: () => string;
  defaultMaxAttempts: number;
}

/** Inserts one validated spec (or returns the job its idempotency key names). */
export function insertJob(ctx: InsertContext, spec: ParsedEnqueueSpec): EnqueueResult {
  const { sql, now } = ctx;
  if (spec.idempotencyKey !== undefined) {
    const existing = selectByIdempotencyKey(sql, spec.idempotencyKey);
    if (existing) return { job: existing, created: false };
  }
  const id = spec.id ?? ctx.newId();
  const exists = sql("SELECT 1 FROM jobs WHERE id = ?");
  // A generated id is random (and the UNIQUE index still guards it): only a given one is looked up.
  if (spec.id !== undefined && exists.get(id)) {
    throw new SuperAgentsError("JOB_EXISTS", `a job with id ${id} already exists`, {
      hint: "choose another id, or use an idempotency key to reuse the existing job",
    });
  }
  if (spec.dependsOn.includes(id)) {
    throw new SuperAgentsError("JOB_DEPENDS_ON_ITSELF", `job ${id} cannot depend on itself`, {
      hint: "remove the job's own id from dependsOn",
    });
  }
  for (const dependency of spec.dependsOn) {
    if (!exists.get(dependency)) {
      throw new SuperAgentsError(
        "DEPENDENCY_NOT_FOUND",
        `job ${id} depends on ${dependency}, which does not exist`,
        { hint: "enqueue dependencies first (or earlier in the same batch)" },
      );
    }
  }
  const runAfter = spec.runAfter ?? now + (spec.delayMs ?? 0);
  const { pending, blockedBy } = addEdges(ctx.sql, id, spec.dependsOn);
  let state: JobState = runAfter > now ? "delayed" : "queued";
  let error: string | null = null;
  if (blockedBy) {
    state = blockedBy.state === "cancelled" ? "cancelled" : "failed";
    error = toJsonColumn({
      code: blockedBy.state === "cancelled" ? "DEPENDENCY_CANCELLED" : "DEPENDENCY_FAILED",
      message: `blocked: dependency ${blockedBy.id} is ${blockedBy.state}`,
      at: now,
      details: { dependency: blockedBy.id, dependencyState: blockedBy.state },
    });
  }
  // RETURNING hands back the stored row (defaults included) without a second SELECT.
  const job = oneJob(
    sql(
      `INSERT INTO jobs (id, agent, input, priority, lane, state, max_attempts, pending_deps,
       run_after, idempotency_key, correlation_id, parent, flow, node, depends_on, timeout_ms,
       error, created_at, updated_at, finished_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
     RETURNING ${RETURNED_JOB_COLUMNS}`,
    ),
    id,
    spec.agent,
    toJsonColumn(spec.input),
    priorityRank(spec.priority),
    spec.lane,
    state,
    spec.maxAttempts ?? ctx.defaultMaxAttempts,
    pending,
    runAfter,
    spec.idempotencyKey ?? null,
    spec.correlationId ?? null,
    spec.parent ?? null,
    spec.flow ?? null,
    spec.node ?? null,
    JSON.stringify(spec.dependsOn),
    spec.timeoutMs ?? null,
    error,
    now,
    now,
    blockedBy ? now : null,
  );
  return { job: job!, created: true };
}

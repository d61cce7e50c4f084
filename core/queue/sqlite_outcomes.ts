/**
 * How a job leaves a lease or a final state in the SQLite queue, each run
 * inside the caller's transaction: a failure (retry with backoff, dead, or
 * cancelled), a release, a cancel, and a retry of a dead, failed or
 * cancelled job (with its blocked dependants).
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import { backoffDelay } from "../backoff.ts";
import { type Job, type JobErrorInput, JobErrorSchema, type JobState } from "./job.ts";
import type { FailOptions, QueueSettings, ReleaseOptions } from "./queue.ts";
import type { Statements } from "./sqlite_db.ts";
import { blockDependants, countPending, unblockDependants } from "./sqlite_dependencies.ts";
import { leasedRow } from "./sqlite_leases.ts";
import { requireJob } from "./sqlite_reads.ts";
import { toJsonColumn } from "./sqlite_rows.ts";

/** What {@linkcode failJob} needs to compute a retry's backoff. */
export interface Backoff {
  settings: QueueSettings;
  random: () => number;
}

/** Records a failure of a job `workerId` holds: delayed for a retry, dead, or cancelled. */
export function failJob(
  sql: Statements,
  backoff: Backoff,
  now: number,
  id: string,
  workerId: string,
  input: JobErrorInput,
  options: FailOptions,
): Job {
  const row = leasedRow(sql, id, workerId);
  const error = JobErrorSchema.parse({ ...input, attempt: row.attempts, at: now });
  let state: JobState = "dead";
  let runAfter = now;
  if (row.cancel_requested) state = "cancelled";
  else if (options.retryable !== false && row.attempts < row.max_attempts) {
    state = "delayed";
    runAfter = now + backoffDelay(
      row.attempts,
      backoff.settings.backoffBaseMs,
      backoff.settings.backoffMaxMs,
      "equal",
      backoff.random,
    );
  }
  sql(
    `UPDATE jobs SET state = ?, error = ?, run_after = ?, lease_owner = NULL,
       lease_expires_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?`,
  ).run(state, toJsonColumn(error), runAfter, state === "delayed" ? null : now, now, id);
  if (state !== "delayed") blockDependants(sql, id, row.agent, state, now);
  return requireJob(sql, id);
}

/** Gives a job `workerId` holds back (the attempt does not count), or cancels it if asked. */
export function releaseJob(
  sql: Statements,
  now: number,
  id: string,
  workerId: string,
  options: ReleaseOptions,
): Job {
  const row = leasedRow(sql, id, workerId);
  const delay = options.delayMs ?? 0;
  const state: JobState = row.cancel_requested ? "cancelled" : delay > 0 ? "delayed" : "queued";
  sql(
    `UPDATE jobs SET state = ?, run_after = ?, attempts = max(0, attempts - 1),
       lease_owner = NULL, lease_expires_at = NULL, updated_at = ?,
       finished_at = CASE WHEN ? = 'cancelled' THEN ? ELSE NULL END WHERE id = ?`,
  ).run(state, now + delay, now, state, now, id);
  if (state === "cancelled") blockDependants(sql, id, row.agent, "cancelled", now);
  return requireJob(sql, id);
}

/** Cancels a waiting job now, or asks the worker of a running one to stop. */
export function cancelJob(sql: Statements, now: number, id: string): Job {
  const job = requireJob(sql, id);
  if (job.state === "queued" || job.state === "delayed") {
    sql(
      `UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ? WHERE id = ?`,
    ).run(now, now, id);
    blockDependants(sql, id, job.agent, "cancelled", now);
  } else if (job.state === "leased") {
    sql("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?")
      .run(now, id);
  } else {
    throw new SuperAgentsError("JOB_NOT_CANCELLABLE", `job ${id} is already ${job.state}`, {
      hint: "only queued, delayed or running jobs can be cancelled",
    });
  }
  return requireJob(sql, id);
}

/** Queues a dead, failed or cancelled job again, with the dependants it blocked. */
export function retryJob(sql: Statements, now: number, id: string): Job {
  const job = requireJob(sql, id);
  if (!["dead", "failed", "cancelled"].includes(job.state)) {
    throw new SuperAgentsError("JOB_NOT_RETRYABLE", `job ${id} is ${job.state}`, {
      hint: "only dead, failed or cancelled jobs can be retried",
    });
  }
  const blocker = sql(
    `SELECT d.id, d.state FROM edges e JOIN jobs d ON d.id = e.depends_on
     WHERE e.job = ? AND d.state IN ('failed', 'dead', 'cancelled') LIMIT 1`,
  ).get(id) as { id: string; state: string } | undefined;
  if (blocker) {
    throw new SuperAgentsError(
      "JOB_BLOCKED",
      `job ${id} depends on ${blocker.id}, which is ${blocker.state}`,
      { hint: `retry ${blocker.id} instead; its dependants are retried with it` },
    );
  }
  sql(
    `UPDATE jobs SET state = 'queued', attempts = 0, error = NULL, result = NULL,
       cancel_requested = 0, lease_owner = NULL, lease_expires_at = NULL, run_after = ?,
       pending_deps = ?, finished_at = NULL, updated_at = ? WHERE id = ?`,
  ).run(now, countPending(sql, id), now, id);
  unblockDependants(sql, id, now);
  return requireJob(sql, id);
}

/**
 * The lease transitions of the SQLite queue, each run inside the caller's
 * transaction: leasing a batch of claimable jobs, extending a lease
 * (a heartbeat), saving progress under a lease, and checking that a worker
 * still holds one (`LEASE_LOST` otherwise).
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { Job, JobProgress } from "./job.ts";
import { JobProgressSchema } from "./job.ts";
import type { HeartbeatResult } from "./queue.ts";
import type { Statements } from "./sqlite_db.ts";
import { allJobs, RETURNED_JOB_COLUMNS, toJsonColumn } from "./sqlite_rows.ts";

/** What a worker's lease check returns of the job it holds. */
export interface LeasedRow {
  agent: string;
  attempts: number;
  max_attempts: number;
  cancel_requested: number;
}

/** A claimable job as a claim selects it: its id and its rowid. */
export interface ClaimedRow {
  id: string;
  seq: number;
}

/** A job as this queue leased it, with its rowid (its completion finds the row by it). */
export interface LeasedJob {
  job: Job;
  seq: number;
}

/**
 * Leases the jobs `ids` to `workerId` until `now + leaseMs`, counting an attempt,
 * and returns them in the order of `ids` (claim order: priority, then FIFO).
 * Rows are found by rowid (no lookup in the id index).
 */
export function leaseJobs(
  sql: Statements,
  ids: ClaimedRow[],
  workerId: string,
  leaseMs: number,
  now: number,
): Job[] {
  // One statement leases the batch and reads it back (node:sqlite costs ~5 µs a call).
  const leased = allJobs(
    sql(
      `UPDATE jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?,
         attempts = attempts + 1, started_at = ?, updated_at = ?
       WHERE seq IN (SELECT value FROM json_each(?))
       RETURNING ${RETURNED_JOB_COLUMNS}`,
    ),
    workerId,
    now + leaseMs,
    now,
    now,
    JSON.stringify(ids.map(({ seq }) => seq)),
  );
  // RETURNING has no order: hand the jobs out in claim (priority, FIFO) order.
  const byId = new Map(leased.map((job) => [job.id, job]));
  return ids.map(({ id }) => byId.get(id)!);
}

/** Extends the lease of `id` held by `workerId`; a lost lease is returned, not thrown. */
export function beatLease(
  sql: Statements,
  id: string,
  workerId: string,
  leaseMs: number,
  now: number,
): HeartbeatResult | SuperAgentsError {
  const row = sql(
    `UPDATE jobs SET lease_expires_at = ?, updated_at = ?
     WHERE id = ? AND state = 'leased' AND lease_owner = ?
     RETURNING cancel_requested, lease_expires_at`,
  ).get(now + leaseMs, now, id, workerId) as
    | { cancel_requested: number; lease_expires_at: number }
    | undefined;
  if (!row) return leaseLost(id, workerId);
  return { cancelRequested: row.cancel_requested !== 0, leaseExpiresAt: row.lease_expires_at };
}

/** Stores the progress of a job `workerId` holds; throws `LEASE_LOST` when it does not. */
export function saveProgress(
  sql: Statements,
  id: string,
  workerId: string,
  progress: JobProgress,
  now: number,
): void {
  const value = toJsonColumn(JobProgressSchema.parse(progress));
  const changes = sql(
    `UPDATE jobs SET progress = ?, updated_at = ?
     WHERE id = ? AND state = 'leased' AND lease_owner = ?`,
  ).run(value, now, id, workerId).changes;
  if (Number(changes) === 0) throw leaseLost(id, workerId);
}

/** The row of a job `workerId` holds the lease of; throws `LEASE_LOST` otherwise. */
export function leasedRow(sql: Statements, id: string, workerId: string): LeasedRow {
  const row = sql(
    `SELECT agent, attempts, max_attempts, cancel_requested FROM jobs
     WHERE id = ? AND state = 'leased' AND lease_owner = ?`,
  ).get(id, workerId) as LeasedRow | undefined;
  if (!row) throw leaseLost(id, workerId);
  return row;
}

/** The `LEASE_LOST` error. */
export function leaseLost(id: string, workerId: string): SuperAgentsError {
  return new SuperAgentsError(
    "LEASE_LOST",
    `worker ${workerId} no longer holds the lease of job ${id}`,
    { hint: "the lease expired or the job was cancelled; another worker may have it now" },
  );
}

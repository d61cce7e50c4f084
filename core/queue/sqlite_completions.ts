/**
 * Group-committed completions of the SQLite queue: `complete` calls wait in
 * a batch that the next transaction (a claim's, or one of their own) applies;
 * each job's transition is all or nothing, and a lost lease rejects only its
 * own call.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { Job } from "./job.ts";
import type { Statements } from "./sqlite_db.ts";
import { releaseDependants } from "./sqlite_dependencies.ts";
import { leaseLost } from "./sqlite_leases.ts";
import { oneJob, RETURNED_JOB_COLUMNS, toJsonColumn } from "./sqlite_rows.ts";

/** A `complete` call waiting for its transaction. */
export interface Completion {
  id: string;
  workerId: string;
  result: unknown;
  resolve: (job: Job) => void;
  reject: (error: unknown) => void;
}

/** Applies completions inside the current transaction; a lost lease is returned, not thrown. */
export function applyCompletions(
  sql: Statements,
  batch: Completion[],
  now: number,
): (Job | SuperAgentsError)[] {
  const update = sql(
    `UPDATE jobs SET state = 'succeeded', result = ?, error = NULL, lease_owner = NULL,
       lease_expires_at = NULL, finished_at = ?, updated_at = ?
     WHERE id = ? AND state = 'leased' AND lease_owner = ?
     RETURNING ${RETURNED_JOB_COLUMNS}`,
  );
  const outcomes = batch.map(({ id, workerId, result }) => {
    const job = oneJob(update, toJsonColumn(result), now, now, id, workerId);
    return job ?? leaseLost(id, workerId);
  });
  // Dependants are released once for the whole batch (one statement, not one per job).
  const succeeded = outcomes.flatMap((o) => o instanceof SuperAgentsError ? [] : [o.id]);
  if (succeeded.length > 0) releaseDependants(sql, succeeded, now);
  return outcomes;
}

/** Resolves or rejects each waiting call with the outcome of its job (after the commit). */
export function settleCompletions(batch: Completion[], outcomes: (Job | SuperAgentsError)[]): void {
  outcomes.forEach((outcome, i) =>
    outcome instanceof SuperAgentsError ? batch[i].reject(outcome) : batch[i].resolve(outcome)
  );
}

/**
 * Group-committed completions of the SQLite queue: `complete` calls wait in
 * a batch that the next transaction (a claim's, or one of their own) applies;
 * each job's transition is all or nothing, and a lost lease rejects only its
 * own call.
 * @module
 */

import type { SQLInputValue } from "node:sqlite";
import { SuperAgentsError } from "../errors.ts";
import type { Job } from "./job.ts";
import type { Statements } from "./sqlite_db.ts";
import { releaseDependants } from "./sqlite_dependencies.ts";
import { type LeasedJob, leaseLost } from "./sqlite_leases.ts";
import { parseProgress, toJsonColumn } from "./sqlite_rows.ts";
import { requireJob } from "./sqlite_reads.ts";

/** A `complete` call waiting for its transaction. */
export interface Completion {
  id: string;
  workerId: string;
  result: unknown;
  resolve: (job: Job) => void;
  reject: (error: unknown) => void;
}

/**
 * Applies completions inside the current transaction with one statement for
 * the whole batch; a lost lease is returned, not thrown. `leased` holds the
 * jobs as this queue leased them: a job found there is returned with what
 * the completion changed (and what may have changed under the lease:
 * progress, a cancel request) instead of being read back whole.
 */
export function applyCompletions(
  sql: Statements,
  batch: Completion[],
  now: number,
  leased: ReadonlyMap<string, LeasedJob>,
): (Job | SuperAgentsError)[] {
  if (batch.length === 0) return [];
  // A job completed twice in one batch: only its first completion takes part (UPDATE … FROM
  // would apply an arbitrary one of the two); the second finds it no longer leased.
  const seen = new Set<string>();
  const firsts = batch.filter(({ id }) => !seen.has(id) && seen.add(id));
  const results = new Map<string, string>();
  // Jobs this queue leased are found by rowid; others (leased before a restart) by id.
  const bySeq: SQLInputValue[] = [now, now];
  const byId: SQLInputValue[] = [now, now];
  for (const { id, workerId, result } of firsts) {
    const json = toJsonColumn(result);
    results.set(id, json);
    const seq = leased.get(id)?.seq;
    if (seq === undefined) byId.push(id, workerId, json);
    else bySeq.push(seq, workerId, json);
  }
  const rows = [...complete(sql, "seq", bySeq), ...complete(sql, "id", byId)];
  const done = new Map(rows.map((row) => [row.id, row]));
  const outcomes = batch.map(({ id, workerId }) => {
    const row = done.get(id);
    done.delete(id); // the second completion of one job in this batch gets LEASE_LOST
    if (!row) return leaseLost(id, workerId);
    const before = leased.get(id)?.job;
    if (!before) return requireJob(sql, id);
    const job: Job = {
      ...before,
      state: "succeeded",
      result: JSON.parse(results.get(id)!), // what a read gives back: the stored JSON
      error: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      cancelRequested: row.cancel_requested !== 0,
      progress: parseProgress(row.progress, id),
      finishedAt: now,
      updatedAt: now,
    };
    return job;
  });
  // Dependants are released once for the whole batch (one statement, not one per job).
  const succeeded = outcomes.flatMap((o) => o instanceof SuperAgentsError ? [] : [o.id]);
  if (succeeded.length > 0) releaseDependants(sql, succeeded, now);
  return outcomes;
}

type CompletedRow = { id: string; progress: string | null; cancel_requested: number };

/** Runs the completion of the jobs in `params` (now, now, then key, owner, result per job). */
function complete(sql: Statements, key: "seq" | "id", params: SQLInputValue[]): CompletedRow[] {
  const jobs = (params.length - 2) / 3;
  if (jobs === 0) return [];
  return sql(completionSql(jobs, key)).all(...params) as CompletedRow[];
}

/** The completion statement for `jobs` rows found by `key`, built once per size and key. */
function completionSql(jobs: number, key: "seq" | "id"): string {
  return COMPLETION_SQL[key][jobs] ??= `UPDATE jobs AS j SET state = 'succeeded',
       result = c.column3, error = NULL, lease_owner = NULL, lease_expires_at = NULL,
       finished_at = ?, updated_at = ?
     FROM (VALUES ${Array(jobs).fill("(?,?,?)").join(",")}) AS c
     WHERE j.${key} = c.column1 AND j.state = 'leased' AND j.lease_owner = c.column2
     RETURNING id, progress, cancel_requested`;
}
const COMPLETION_SQL = { seq: [] as string[], id: [] as string[] };

/** Resolves or rejects each waiting call with the outcome of its job (after the commit). */
export function settleCompletions(batch: Completion[], outcomes: (Job | SuperAgentsError)[]): void {
  outcomes.forEach((outcome, i) =>
    outcome instanceof SuperAgentsError ? batch[i].reject(outcome) : batch[i].resolve(outcome)
  );
}

/**
 * The sweep a claim runs first, inside its transaction: delayed jobs whose
 * time has come become queued, and leases that expired (the worker died or
 * hung without heartbeats) are taken back — queued again with the attempt
 * counted, dead when the attempts are used up, cancelled when a cancel was
 * pending.
 * @module
 */

import type { Statements } from "./sqlite_db.ts";
import { blockDependants } from "./sqlite_dependencies.ts";
import { toJsonColumn } from "./sqlite_rows.ts";

/** Applies due delays and expired leases at time `now`; returns the ids of expired leases. */
export function sweepDue(sql: Statements, now: number): string[] {
  sql(
    "UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'delayed' AND run_after <= ?",
  ).run(now, now);
  const expired = sql(
    `SELECT id, agent, attempts, max_attempts, cancel_requested, lease_owner FROM jobs
     WHERE state = 'leased' AND lease_expires_at < ?`,
  ).all(now) as {
    id: string;
    agent: string;
    attempts: number;
    max_attempts: number;
    cancel_requested: number;
    lease_owner: string;
  }[];
  const update = sql(
    `UPDATE jobs SET state = ?, error = ?, lease_owner = NULL, lease_expires_at = NULL,
       run_after = ?, updated_at = ?, finished_at = ? WHERE id = ?`,
  );
  for (const job of expired) {
    const state = job.cancel_requested
      ? "cancelled"
      : job.attempts >= job.max_attempts
      ? "dead"
      : "queued";
    const error = toJsonColumn({
      code: "LEASE_EXPIRED",
      message: `the lease of worker ${job.lease_owner} expired (attempt ${job.attempts} of ` +
        `${job.max_attempts}): the worker died or stopped sending heartbeats`,
      attempt: job.attempts,
      at: now,
      details: { worker: job.lease_owner },
    });
    update.run(state, error, now, now, state === "queued" ? null : now, job.id);
    if (state !== "queued") blockDependants(sql, job.id, job.agent, state, now);
  }
  return expired.map((job) => job.id);
}

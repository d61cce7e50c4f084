/**
 * Dependency edges of the SQLite queue. A job counts its unfinished
 * dependencies in `pending_deps` and is claimable only at zero; a success
 * decrements its dependants; a dead, failed or cancelled job blocks every
 * transitive dependant (siblings are untouched), and `retry` unblocks them.
 * Every function runs inside the caller's transaction.
 * @module
 */

import type { Statements } from "./sqlite_db.ts";
import type { JobState } from "./job.ts";
import { toJsonColumn } from "./sqlite_rows.ts";

/** Transitive dependants of `id` (not `id` itself). */
const DEPENDANTS = `WITH RECURSIVE down(id) AS (
    SELECT job FROM edges WHERE depends_on = ?
    UNION SELECT e.job FROM edges e JOIN down d ON e.depends_on = d.id
  ) SELECT id FROM down`;

/** Records `job → dependsOn` edges and returns how many dependencies are unfinished. */
export function addEdges(sql: Statements, job: string, dependsOn: string[]): {
  pending: number;
  blockedBy: { id: string; state: JobState } | undefined;
} {
  const insert = sql(
    "INSERT OR IGNORE INTO edges (job, depends_on, position) VALUES (?,?,?)",
  );
  const stateOf = sql("SELECT state FROM jobs WHERE id = ?");
  let pending = 0;
  let blockedBy: { id: string; state: JobState } | undefined;
  dependsOn.forEach((dependency, position) => {
    insert.run(job, dependency, position);
    const row = stateOf.get(dependency) as { state: JobState } | undefined;
    if (row === undefined) throw new Error(`dependency ${dependency} does not exist`);
    if (row.state !== "succeeded") pending++;
    if (["failed", "dead", "cancelled"].includes(row.state)) {
      blockedBy ??= { id: dependency, state: row.state };
    }
  });
  return { pending, blockedBy };
}

/**
 * Jobs succeeded: each direct dependant has one unfinished dependency fewer
 * per succeeded job it depends on. One statement for a whole batch of
 * completions (`ids` travels as a JSON array, so the statement is reused).
 */
export function releaseDependants(sql: Statements, ids: string[], now: number): void {
  // Without a job waiting for dependencies (plain queues: always) there is nothing to release.
  if (sql("SELECT 1 FROM jobs WHERE pending_deps > 0 LIMIT 1").get() === undefined) return;
  sql(
    `WITH done(id) AS (SELECT value FROM json_each(?1))
     UPDATE jobs SET updated_at = ?2, pending_deps = max(0, pending_deps -
       (SELECT count(*) FROM edges e WHERE e.job = jobs.id AND e.depends_on IN done))
     WHERE id IN (SELECT job FROM edges WHERE depends_on IN done) AND pending_deps > 0`,
  ).run(JSON.stringify(ids), now);
}

/**
 * A job ended without success: every transitive dependant that has not run
 * becomes `failed` (or `cancelled` when the cause was a cancel), with an error
 * naming the dependency. Returns the ids it blocked.
 */
export function blockDependants(
  sql: Statements,
  id: string,
  agent: string,
  cause: JobState,
  now: number,
): string[] {
  const ids = (sql(DEPENDANTS).all(id) as { id: string }[]).map((row) => row.id);
  if (ids.length === 0) return [];
  const state = cause === "cancelled" ? "cancelled" : "failed";
  const error = blockedError(id, agent, cause, now);
  const update = sql(
    `UPDATE jobs SET state = ?, error = ?, updated_at = ?, finished_at = ?
     WHERE id = ? AND state IN ('queued', 'delayed')`,
  );
  const blocked: string[] = [];
  for (const dependant of ids) {
    if (Number(update.run(state, error, now, now, dependant).changes) > 0) blocked.push(dependant);
  }
  return blocked;
}

/**
 * `retry` of `id`: its dependants that were blocked (failed or cancelled with
 * a dependency error) become queued again with their pending count
 * recomputed; one still blocked by another dependency is blocked again.
 * Returns the ids it unblocked.
 */
export function unblockDependants(sql: Statements, id: string, now: number): string[] {
  const ids = (sql(DEPENDANTS).all(id) as { id: string }[]).map((row) => row.id);
  const requeue = sql(
    `UPDATE jobs SET state = 'queued', error = NULL, attempts = 0, finished_at = NULL,
       cancel_requested = 0, updated_at = ?,
       pending_deps = (SELECT count(*) FROM edges e JOIN jobs d ON d.id = e.depends_on
                       WHERE e.job = jobs.id AND d.state != 'succeeded')
     WHERE id = ? AND state IN ('failed', 'cancelled')
       AND json_extract(error, '$.code') IN ('DEPENDENCY_FAILED', 'DEPENDENCY_CANCELLED')`,
  );
  const unblocked = ids.filter((dependant) => Number(requeue.run(now, dependant).changes) > 0);
  const stillBlocked = sql(
    `SELECT d.id, d.agent, d.state FROM edges e JOIN jobs d ON d.id = e.depends_on
     WHERE e.job = ? AND d.state IN ('failed', 'dead', 'cancelled') LIMIT 1`,
  );
  for (const dependant of unblocked) {
    const blocker = stillBlocked.get(dependant) as
      | { id: string; agent: string; state: JobState }
      | undefined;
    if (blocker === undefined) continue;
    const cause = blocker.state;
    sql(
      `UPDATE jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
    ).run(
      cause === "cancelled" ? "cancelled" : "failed",
      blockedError(blocker.id, blocker.agent, cause, now),
      now,
      now,
      dependant,
    );
    const agent = (sql("SELECT agent FROM jobs WHERE id = ?").get(dependant) as {
      agent: string;
    }).agent;
    blockDependants(sql, dependant, agent, cause === "cancelled" ? "cancelled" : "failed", now);
  }
  return unblocked.filter((dependant) =>
    (sql("SELECT state FROM jobs WHERE id = ?").get(dependant) as { state: string })
      .state === "queued"
  );
}

function blockedError(id: string, agent: string, cause: JobState, now: number): string {
  return toJsonColumn({
    code: cause === "cancelled" ? "DEPENDENCY_CANCELLED" : "DEPENDENCY_FAILED",
    message: `blocked: dependency ${id} (agent ${agent}) is ${cause}`,
    at: now,
    details: { dependency: id, dependencyState: cause },
  });
}

/** Unfinished dependencies of `id` right now (used when a job is retried itself). */
export function countPending(sql: Statements, id: string): number {
  const row = sql(
    `SELECT count(*) AS n FROM edges e JOIN jobs d ON d.id = e.depends_on
     WHERE e.job = ? AND d.state != 'succeeded'`,
  ).get(id) as { n: number };
  return row.n;
}

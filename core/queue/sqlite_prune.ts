/**
 * Retention on SQLite: succeeded and cancelled jobs that finished before a
 * cutoff are deleted with their dependency edges, in batches, each batch one
 * transaction that chooses and deletes together. A job is kept while
 * anything may still need it: every job not finished before the cutoff is
 * live, and so are all jobs of a flow with a live job, and (transitively)
 * every dependency of a kept job, whose result a run or a retry reads
 * (the rule of `retention.ts`, here in SQL).
 * Newest first: a dependant (enqueued after its dependencies) goes in the
 * same batch as them or an earlier one, never after them.
 * @module
 */

import type { Statements } from "./sqlite_db.ts";

/** Finished before the cutoff (`?1`); a job without `finished_at` counts from its last update. */
const OLD = "state IN ('succeeded', 'cancelled') AND coalesce(finished_at, updated_at) < ?1";

const PRUNABLE = `
  WITH RECURSIVE keep(id) AS (
    SELECT id FROM jobs WHERE NOT (${OLD})
    UNION
    SELECT id FROM jobs
     WHERE flow IN (SELECT flow FROM jobs WHERE flow IS NOT NULL AND NOT (${OLD}))
    UNION
    SELECT e.depends_on FROM edges e JOIN keep k ON e.job = k.id
  )
  SELECT seq, id FROM jobs WHERE ${OLD} AND id NOT IN keep ORDER BY seq DESC LIMIT ?2`;

/** Jobs deleted per transaction (each holds the write lock only briefly). */
const BATCH = 500;

/**
 * Deletes every prunable job finished before `cutoff`, a batch per
 * `transaction`, yielding to the event loop between batches (a worker's
 * heartbeats go on); returns how many.
 */
export async function pruneFinished(
  transaction: (fn: () => number) => Promise<number>,
  sql: Statements,
  cutoff: number,
): Promise<number> {
  let pruned = 0;
  for (;;) {
    const batch = await transaction(() => pruneBatch(sql, cutoff, BATCH));
    pruned += batch;
    if (batch < BATCH) return pruned;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Deletes up to `limit` prunable jobs finished before `cutoff` inside the
 * caller's transaction; returns how many.
 */
export function pruneBatch(sql: Statements, cutoff: number, limit: number): number {
  const rows = sql(PRUNABLE).all(cutoff, limit) as { seq: number; id: string }[];
  if (rows.length === 0) return 0;
  const ids = JSON.stringify(rows.map((row) => row.id));
  // Edges into a pruned job belong to dependants that are pruned too (a kept one keeps it).
  sql(
    `DELETE FROM edges WHERE job IN (SELECT value FROM json_each(?1))
        OR depends_on IN (SELECT value FROM json_each(?1))`,
  ).run(ids);
  sql("DELETE FROM jobs WHERE seq IN (SELECT value FROM json_each(?))")
    .run(JSON.stringify(rows.map((row) => row.seq)));
  return rows.length;
}

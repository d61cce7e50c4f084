/**
 * The count of a SQLite queue's jobs by state: the one query behind the
 * backend's `stats()` (`sqlite_reads.ts`) and `status` (`plugins/km/project_status.ts`),
 * which reads it over a read-only connection because loading the queue
 * module graph (zod and the job schemas) would triple its start-up. Imports
 * nothing.
 * @module
 */

/** Anything that prepares a statement: a `DatabaseSync`'s `prepare`, or a statement cache. */
export type Prepare = (sql: string) => { all(): unknown[] };

/**
 * Jobs per state, only the states that have jobs.
 *
 * @example
 * ```ts
 * const db = new DatabaseSync(queueDbPath(paths), { readOnly: true });
 * jobCountsByState((sql) => db.prepare(sql)); // { queued: 2, succeeded: 7 }
 * ```
 */
export function jobCountsByState(prepare: Prepare): Record<string, number> {
  const rows = prepare("SELECT state, count(*) AS n FROM jobs GROUP BY state").all() as {
    state: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

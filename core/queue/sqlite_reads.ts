/**
 * Read-only queries of the SQLite queue: one job, filtered lists, the
 * results a job's dependencies produced (fan-in), and the counts behind
 * `queue stats` and `status`.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import {
  type Job,
  JOB_STATES,
  type JobState,
  type ListFilter,
  ListFilterSchema,
  PRIORITIES,
  type QueueStats,
} from "./job.ts";
import type { DependencyResult } from "./queue.ts";
import type { Statements } from "./sqlite_db.ts";
import { jobCountsByState } from "./sqlite_counts.ts";
import { allJobs, JOB_COLUMNS, oneJob } from "./sqlite_rows.ts";

/** The job with `id`, or undefined. */
export function selectJob(sql: Statements, id: string): Job | undefined {
  return oneJob(sql(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id = ?`), id);
}

/** The jobs with these ids, in the order given (missing ones are left out). */
export function selectJobs(sql: Statements, ids: string[]): Job[] {
  if (ids.length === 0) return [];
  const rows = allJobs(
    sql(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.id IN (SELECT value FROM json_each(?))`),
    JSON.stringify(ids),
  );
  const byId = new Map(rows.map((job) => [job.id, job]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The job with `id`, or a `JOB_NOT_FOUND` error. */
export function requireJob(sql: Statements, id: string): Job {
  const job = selectJob(sql, id);
  if (!job) {
    throw new SuperAgentsError("JOB_NOT_FOUND", `no job ${id} in the queue`, {
      hint: "`super-agents task list` shows the jobs",
    });
  }
  return job;
}

/** The job enqueued with an idempotency key, or undefined. */
export function selectByIdempotencyKey(sql: Statements, key: string): Job | undefined {
  return oneJob(sql(`SELECT ${JOB_COLUMNS} FROM jobs j WHERE j.idempotency_key = ?`), key);
}

/** Jobs matching a filter. */
export function listJobs(sql: Statements, filter: ListFilter): Job[] {
  const f = ListFilterSchema.parse(filter);
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.state?.length) {
    where.push(`j.state IN (${f.state.map(() => "?").join(",")})`);
    params.push(...f.state);
  }
  const equal = [["agent", f.agent], ["flow", f.flow], ["correlation_id", f.correlationId]];
  for (const [column, value] of equal) {
    if (value !== undefined) {
      where.push(`j.${column} = ?`);
      params.push(value);
    }
  }
  return allJobs(
    sql(
      `SELECT ${JOB_COLUMNS} FROM jobs j ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY j.seq ${f.order === "oldest" ? "ASC" : "DESC"} LIMIT ? OFFSET ?`,
    ),
    ...params,
    f.limit,
    f.offset,
  );
}

/** Results of the job's dependencies, in the order it declared them. */
export function dependencyResults(sql: Statements, id: string): DependencyResult[] {
  const rows = sql(
    `SELECT d.id, d.agent, d.node, d.result FROM edges e JOIN jobs d ON d.id = e.depends_on
     WHERE e.job = ? ORDER BY e.position`,
  ).all(id) as { id: string; agent: string; node: string | null; result: string | null }[];
  return rows.map((row) => ({
    id: row.id,
    agent: row.agent,
    node: row.node,
    result: row.result === null ? null : JSON.parse(row.result),
  }));
}

/** Counts per state and claimable counts per priority. */
export function queueStats(sql: Statements): QueueStats {
  const byState = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as QueueStats["byState"];
  let total = 0;
  for (const [state, n] of Object.entries(jobCountsByState(sql))) {
    byState[state as JobState] = n;
    total += n;
  }
  const ready = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as QueueStats["ready"];
  const readyRows = sql(
    `SELECT priority, count(*) AS n FROM jobs WHERE state = 'queued' AND pending_deps = 0
     GROUP BY priority`,
  ).all() as { priority: number; n: number }[];
  for (const { priority, n } of readyRows) ready[PRIORITIES[priority]] = n;
  const oldest = sql("SELECT min(created_at) AS t FROM jobs WHERE state = 'queued'").get() as {
    t: number | null;
  };
  return { total, byState, ready, oldestQueuedAt: oldest.t };
}

/** Ids of every dead job. */
export function deadIds(sql: Statements): string[] {
  return (sql("SELECT id FROM jobs WHERE state = 'dead'").all() as { id: string }[])
    .map((row) => row.id);
}

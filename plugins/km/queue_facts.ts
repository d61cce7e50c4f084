/**
 * What the KM's `/metrics` and dashboard show about the project's queue,
 * read straight from `.claude/state/queue.db` (read-only, one short
 * transaction per scrape; the KM never creates or migrates the database):
 * jobs by priority and state, claimable jobs per priority, durations of
 * finished attempts per agent, the workers holding leases, circuit breakers,
 * recently dead-lettered jobs, and the running and recent jobs with the
 * pipelines (DAGs) they belong to.
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type { ProjectPaths } from "../../core/paths.ts";
import { JOB_STATES, type JobState, PRIORITIES, type Priority } from "../../core/queue/job.ts";
import { type LanesView, readLanes } from "../../core/pool/lane_view.ts";

/** Upper bounds (seconds) of the agent duration histogram. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** A job as the dashboard lists it. */
export interface JobView {
  id: string;
  agent: string;
  priority: Priority;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  correlationId: string | null;
  flow: string | null;
  node: string | null;
  dependsOn: string[];
  leaseOwner: string | null;
  progress: unknown;
  error: { code?: string; message?: string } | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** Durations of finished attempts of one agent. */
export interface AgentDurations {
  agent: string;
  /** Per bucket of {@linkcode DURATION_BUCKETS}, not cumulative. */
  counts: number[];
  sum: number;
  count: number;
}

/** Everything read from queue.db in one pass. */
export interface QueueFacts {
  /** Job count per priority and state (every combination present). */
  byPriority: Record<Priority, Record<JobState, number>>;
  byState: Record<JobState, number>;
  /** Claimable now (queued, dependencies done), per priority. */
  ready: Record<Priority, number>;
  durations: AgentDurations[];
  /** Lease owners with an unexpired lease, and how many jobs each runs. */
  workers: { id: string; jobs: number }[];
  circuits: { agent: string; state: string; failures: number; openedAt: number | null }[];
  /** Jobs dead-lettered within `recentMs` before now. */
  recentlyDead: number;
  /** Leased jobs, and every job of the flows they belong to. */
  running: JobView[];
  /** Every job of the flows with a leased job or a job dead within `recentMs` (needing attention). */
  flows: Record<string, JobView[]>;
  /** The newest jobs of any state. */
  recent: JobView[];
  /** The workers' two lanes (undefined before any worker ran). */
  lanes?: LanesView;
}

/** Options of {@linkcode readQueueFacts}. */
export interface QueueFactsOptions {
  now: number;
  /** Window of `recentlyDead` (default 10 minutes). */
  recentMs?: number;
  /** How many recent jobs to list (default 30). */
  recentLimit?: number;
  /** Compute the duration histograms (default true; the dashboard does not show them). */
  durations?: boolean;
}

/** The queue database path. */
export function queueDbFile(paths: Pick<ProjectPaths, "state">): string {
  return join(paths.state, "queue.db");
}

/**
 * Reads the queue facts, or `undefined` when the project has no queue yet.
 *
 * @example
 * ```ts
 * const facts = readQueueFacts(paths, { now: Date.now() });
 * console.log(facts?.byState.queued ?? 0);
 * ```
 */
export function readQueueFacts(
  paths: Pick<ProjectPaths, "state">,
  options: QueueFactsOptions,
): QueueFacts | undefined {
  const file = queueDbFile(paths);
  try {
    Deno.statSync(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // no job was ever queued
    throw error;
  }
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    db.exec("PRAGMA busy_timeout = 2000");
    const hasJobs = db.prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'",
    ).get();
    if (!hasJobs) return undefined;
    db.exec("BEGIN"); // one snapshot for every query below
    try {
      return collect(db, options);
    } finally {
      db.exec("COMMIT");
    }
  } finally {
    db.close();
  }
}

type Row = Record<string, unknown>;

function collect(db: DatabaseSync, options: QueueFactsOptions): QueueFacts {
  const { now } = options;
  const byPriority = Object.fromEntries(
    PRIORITIES.map((p) => [p, Object.fromEntries(JOB_STATES.map((s) => [s, 0]))]),
  ) as QueueFacts["byPriority"];
  const byState = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as QueueFacts["byState"];
  const ready = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as QueueFacts["ready"];
  for (const row of all(db, "SELECT priority, state, count(*) AS n FROM jobs GROUP BY 1, 2")) {
    const priority = PRIORITIES[Number(row.priority)];
    const state = row.state as JobState;
    if (priority === undefined || !(state in byState)) continue; // the schema's CHECKs forbid this
    byPriority[priority][state] += Number(row.n);
    byState[state] += Number(row.n);
  }
  for (
    const row of all(
      db,
      "SELECT priority, count(*) AS n FROM jobs WHERE state = 'queued' AND pending_deps = 0 " +
        "AND run_after <= ? GROUP BY 1",
      now,
    )
  ) {
    const priority = PRIORITIES[Number(row.priority)];
    if (priority) ready[priority] = Number(row.n);
  }
  const bucketColumns = DURATION_BUCKETS.map((bound, i) =>
    `sum(d > ${i === 0 ? -1 : DURATION_BUCKETS[i - 1]} AND d <= ${bound}) AS b${i}`
  ).join(", ");
  const durations = options.durations === false ? [] : all(
    db,
    `SELECT agent, count(*) AS n, sum(d) AS total, ${bucketColumns} FROM (
       SELECT agent, (finished_at - started_at) / 1000.0 AS d FROM jobs
       WHERE finished_at IS NOT NULL AND started_at IS NOT NULL AND finished_at >= started_at
     ) GROUP BY agent ORDER BY agent`,
  ).map((row) => ({
    agent: String(row.agent),
    counts: DURATION_BUCKETS.map((_, i) => Number(row[`b${i}`] ?? 0)),
    sum: Number(row.total ?? 0),
    count: Number(row.n),
  }));
  const workers = all(
    db,
    "SELECT lease_owner AS id, count(*) AS n FROM jobs WHERE state = 'leased' " +
      "AND lease_expires_at > ? AND lease_owner IS NOT NULL GROUP BY 1 ORDER BY 1",
    now,
  ).map((row) => ({ id: String(row.id), jobs: Number(row.n) }));
  const circuits = all(
    db,
    "SELECT agent, state, failures, opened_at FROM circuits ORDER BY agent",
  ).map((row) => ({
    agent: String(row.agent),
    state: String(row.state),
    failures: Number(row.failures),
    openedAt: row.opened_at === null ? null : Number(row.opened_at),
  }));
  const recentlyDead = Number(
    all(
      db,
      "SELECT count(*) AS n FROM jobs WHERE state = 'dead' AND finished_at >= ?",
      now - (options.recentMs ?? 600_000),
    )[0]?.n ?? 0,
  );
  // `lease_expires_at IS NOT NULL` lets SQLite use the partial index of leased jobs.
  const running = all(
    db,
    "SELECT * FROM jobs WHERE state = 'leased' AND lease_expires_at IS NOT NULL ORDER BY seq",
  ).map(view);
  const flows: Record<string, JobView[]> = {};
  // Flows with a job running, and those a job stopped recently (they need attention).
  const stopped = all(
    db,
    "SELECT DISTINCT flow FROM jobs WHERE state = 'dead' AND flow IS NOT NULL AND finished_at >= ?",
    now - (options.recentMs ?? 600_000),
  ).map((row) => String(row.flow));
  const shown = [...running.map((job) => job.flow).filter((f) => f !== null), ...stopped];
  for (const flow of new Set(shown)) {
    flows[flow!] = all(db, "SELECT * FROM jobs WHERE flow = ? ORDER BY seq", flow).map(view);
  }
  const recent = all(db, "SELECT * FROM jobs ORDER BY seq DESC LIMIT ?", options.recentLimit ?? 30)
    .map(view);
  return {
    byPriority,
    byState,
    ready,
    durations,
    workers,
    circuits,
    recentlyDead,
    running,
    flows,
    recent,
    lanes: readLanes(db, now),
  };
}

function all(db: DatabaseSync, sql: string, ...params: (number | string | null)[]): Row[] {
  return db.prepare(sql).all(...params) as Row[];
}

function view(row: Row): JobView {
  return {
    id: String(row.id),
    agent: String(row.agent),
    priority: PRIORITIES[Number(row.priority)] ?? "normal",
    state: row.state as JobState,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    correlationId: (row.correlation_id as string | null) ?? null,
    flow: (row.flow as string | null) ?? null,
    node: (row.node as string | null) ?? null,
    dependsOn: parseJson(row.depends_on, []) as string[],
    leaseOwner: (row.lease_owner as string | null) ?? null,
    progress: parseJson(row.progress, null),
    error: parseJson(row.error, null) as JobView["error"],
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

function parseJson(value: unknown, fallback: unknown): unknown {
  if (typeof value !== "string") return fallback;
  try {
    return JSON.parse(value);
  } catch {
    return fallback; // a column the queue wrote is JSON; a damaged one only blanks the display
  }
}

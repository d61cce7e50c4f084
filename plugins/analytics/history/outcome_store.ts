/**
 * The outcome history: one row per finished job in `.claude/state/analytics.db`
 * (node:sqlite, WAL) — agent and version, provider, the model that answered
 * and the tier the router chose, task kind and features, turns, tokens,
 * cost, latency, outcome, retries, fallbacks, and the downstream reviewer
 * verdict and test result when a later job reviewed or tested it — plus
 * the router's decisions (joined to outcomes by job id) and the alerts
 * raised from the history. Every write is one statement or one transaction;
 * retention deletes by age and by count.
 * @module
 */

import { dirname, join } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { RENAMED_AGENTS } from "../../../core/config/renamed_names.ts";
import { SuperAgentsError } from "../../../core/errors.ts";

/** How a job ended, as the history records it. */
export type Outcome = "succeeded" | "failed" | "budget_exceeded" | "dead";

/** One finished job. */
export interface OutcomeRow {
  jobId: string;
  agent: string;
  version: string | null;
  provider: string | null;
  /** The model that produced the answer (or was last tried). */
  model: string | null;
  /** The tier the router started on. */
  tier: string | null;
  kind: string;
  features: Record<string, unknown>;
  turns: number;
  tokens: number;
  costUsd: number;
  latencyMs: number;
  outcome: Outcome;
  errorCode: string | null;
  retries: number;
  fallbacks: number;
  /** `pass` / `fail` from a later reviewer or test job, when there was one. */
  review: "pass" | "fail" | null;
  tests: "pass" | "fail" | null;
  explored: boolean;
  /** When the job became claimable (queue depth over time is rebuilt from it). */
  enqueuedAt: number;
  startedAt: number;
  finishedAt: number;
}

/** A routing decision made for a job before it ran. */
export interface DecisionRow {
  jobId: string;
  agent: string;
  version: string | null;
  kind: string;
  tier: string;
  baseTier: string;
  explored: boolean;
  at: number;
}

/** The evidence of one outcome as the router weighs it. */
export interface RouteSample {
  ok: boolean;
  costUsd: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS outcomes (
  id INTEGER PRIMARY KEY,
  job_id TEXT NOT NULL UNIQUE,
  agent TEXT NOT NULL,
  version TEXT,
  provider TEXT,
  model TEXT,
  tier TEXT,
  kind TEXT NOT NULL,
  features TEXT NOT NULL DEFAULT '{}',
  turns INTEGER NOT NULL DEFAULT 0,
  tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  latency_ms INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL,
  error_code TEXT,
  retries INTEGER NOT NULL DEFAULT 0,
  fallbacks INTEGER NOT NULL DEFAULT 0,
  review TEXT,
  tests TEXT,
  explored INTEGER NOT NULL DEFAULT 0,
  enqueued_at INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outcomes_route ON outcomes(agent, kind, tier, finished_at, outcome, review, tests, cost_usd);
CREATE INDEX IF NOT EXISTS outcomes_agent_time ON outcomes(agent, finished_at);
CREATE INDEX IF NOT EXISTS outcomes_time ON outcomes(finished_at);
CREATE TABLE IF NOT EXISTS decisions (
  job_id TEXT PRIMARY KEY,
  agent TEXT NOT NULL,
  version TEXT,
  kind TEXT NOT NULL,
  tier TEXT NOT NULL,
  base_tier TEXT NOT NULL,
  explored INTEGER NOT NULL DEFAULT 0,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_at ON decisions(at);
CREATE TABLE IF NOT EXISTS lessons (
  km_id INTEGER PRIMARY KEY,
  agent TEXT NOT NULL,
  kind TEXT NOT NULL,
  job_id TEXT NOT NULL,
  score INTEGER NOT NULL DEFAULT 1,
  uses INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS lessons_job ON lessons(job_id);
CREATE VIRTUAL TABLE IF NOT EXISTS lessons_fts USING fts5(text, agent);
CREATE VIRTUAL TABLE IF NOT EXISTS lessons_vocab USING fts5vocab(lessons_fts, 'row');
CREATE TABLE IF NOT EXISTS lesson_citations (
  job_id TEXT NOT NULL,
  km_id INTEGER NOT NULL,
  PRIMARY KEY (job_id, km_id)
);
CREATE TABLE IF NOT EXISTS alerts (
  key TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  agent TEXT NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence TEXT NOT NULL,
  open INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  cleared_at INTEGER
);
`;

/** The current name of an agent (a renamed local check's old name gives its new one). */
function currentAgent(agent: string): string {
  return Object.hasOwn(RENAMED_AGENTS, agent) ? RENAMED_AGENTS[agent] : agent;
}

/**
 * Counts the rows of renamed agents (`fs-guard`, see
 * `core/config/renamed_names.ts`) under their current names: rows written
 * before the rename are moved once, at open (indexed, nothing to do when
 * there are none); rows written since are named so on the way in.
 */
function renameAgents(db: DatabaseSync): void {
  const old = Object.keys(RENAMED_AGENTS);
  const marks = old.map(() => "?").join(", ");
  const found =
    db.prepare(`SELECT 1 FROM outcomes WHERE agent IN (${marks}) LIMIT 1`).get(...old) ??
      db.prepare(`SELECT 1 FROM decisions WHERE agent IN (${marks}) LIMIT 1`).get(...old) ??
      db.prepare(`SELECT 1 FROM lessons WHERE agent IN (${marks}) LIMIT 1`).get(...old);
  if (!found) return;
  db.exec("BEGIN IMMEDIATE");
  try {
    for (const [name, current] of Object.entries(RENAMED_AGENTS)) {
      for (const table of ["outcomes", "decisions", "lessons", "lessons_fts"]) {
        db.prepare(`UPDATE ${table} SET agent = ? WHERE agent = ?`).run(current, name);
      }
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

/** The file of a project's history. */
export function historyPath(paths: { state: string }): string {
  return join(paths.state, "analytics.db");
}

/** `true` when the row counts as a success: it succeeded and nothing downstream failed it. */
export const SUCCESS_SQL = "(outcome = 'succeeded' AND coalesce(review, 'pass') = 'pass' " +
  "AND coalesce(tests, 'pass') = 'pass')";

/** The outcome history of one project. */
export class OutcomeStore {
  readonly db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #decide: StatementSync;
  readonly #decision: StatementSync;
  readonly #byTier: StatementSync;
  readonly #last: StatementSync;

  constructor(db: DatabaseSync) {
    this.db = db;
    this.#insert = db.prepare(
      `INSERT OR REPLACE INTO outcomes (job_id, agent, version, provider, model, tier, kind,
        features, turns, tokens, cost_usd, latency_ms, outcome, error_code, retries, fallbacks,
        review, tests, explored, enqueued_at, started_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#decide = db.prepare(
      `INSERT OR REPLACE INTO decisions (job_id, agent, version, kind, tier, base_tier, explored, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#decision = db.prepare("SELECT * FROM decisions WHERE job_id = ?");
    this.#byTier = db.prepare(
      `SELECT ${SUCCESS_SQL} AS ok, cost_usd FROM outcomes
       WHERE agent = ? AND kind = ? AND tier = ? AND finished_at >= ?
       ORDER BY finished_at DESC LIMIT ?`,
    );
    this.#last = db.prepare(
      `SELECT tier, ${SUCCESS_SQL} AS ok FROM outcomes WHERE agent = ? AND kind = ?
       AND finished_at >= ? ORDER BY finished_at DESC LIMIT 1`,
    );
  }

  /** Records (or replaces) one job's outcome. */
  record(row: OutcomeRow): void {
    this.#insert.run(
      row.jobId,
      currentAgent(row.agent),
      row.version,
      row.provider,
      row.model,
      row.tier,
      row.kind,
      JSON.stringify(row.features),
      row.turns,
      row.tokens,
      row.costUsd,
      row.latencyMs,
      row.outcome,
      row.errorCode,
      row.retries,
      row.fallbacks,
      row.review,
      row.tests,
      row.explored ? 1 : 0,
      row.enqueuedAt,
      row.startedAt,
      row.finishedAt,
    );
  }

  /** Records the router's decision for a job. */
  decide(row: DecisionRow): void {
    this.#decide.run(
      row.jobId,
      currentAgent(row.agent),
      row.version,
      row.kind,
      row.tier,
      row.baseTier,
      row.explored ? 1 : 0,
      row.at,
    );
  }

  /** The decision made for `jobId`, if one was. */
  decision(jobId: string): DecisionRow | undefined {
    const row = this.#decision.get(jobId) as Record<string, string | number | null> | undefined;
    if (!row) return undefined;
    return {
      jobId,
      agent: String(row.agent),
      version: row.version === null ? null : String(row.version),
      kind: String(row.kind),
      tier: String(row.tier),
      baseTier: String(row.base_tier),
      explored: row.explored === 1,
      at: Number(row.at),
    };
  }

  /** Sets the reviewer verdict or test result of the jobs a later job reviewed or tested. */
  setDownstream(jobIds: readonly string[], field: "review" | "tests", verdict: "pass" | "fail") {
    if (jobIds.length === 0) return;
    const marks = jobIds.map(() => "?").join(", ");
    this.db.prepare(`UPDATE outcomes SET ${field} = ? WHERE job_id IN (${marks})`)
      .run(verdict, ...jobIds);
  }

  /** The most recent outcomes of one agent, kind and tier (newest first). */
  samples(agent: string, kind: string, tier: string, since: number, limit: number): RouteSample[] {
    return (this.#byTier.all(agent, kind, tier, since, limit) as { ok: number; cost_usd: number }[])
      .map((row) => ({ ok: row.ok === 1, costUsd: row.cost_usd }));
  }

  /** The newest outcome of one agent and kind. */
  last(
    agent: string,
    kind: string,
    since: number,
  ): { tier: string | null; ok: boolean } | undefined {
    const row = this.#last.get(agent, kind, since) as
      | { tier: string | null; ok: number }
      | undefined;
    return row ? { tier: row.tier, ok: row.ok === 1 } : undefined;
  }

  /** Deletes outcomes and decisions older than `retentionMs`, then the oldest beyond `maxRows`. */
  prune(now: number, retentionMs: number, maxRows: number): number {
    const cutoff = now - retentionMs;
    let deleted = 0;
    this.db.exec("BEGIN IMMEDIATE");
    try {
      deleted += Number(
        this.db.prepare("DELETE FROM outcomes WHERE finished_at < ?").run(cutoff).changes,
      );
      this.db.prepare("DELETE FROM decisions WHERE at < ?").run(cutoff);
      const count =
        (this.db.prepare("SELECT count(*) AS n FROM outcomes").get() as { n: number }).n;
      if (count > maxRows) {
        deleted += Number(
          this.db.prepare(
            "DELETE FROM outcomes WHERE id IN (SELECT id FROM outcomes ORDER BY finished_at LIMIT ?)",
          ).run(count - maxRows).changes,
        );
      }
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
    return deleted;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Opens (creating) a project's history.
 *
 * @example
 * ```ts
 * const store = openOutcomeStore(historyPath(paths));
 * ```
 */
export function openOutcomeStore(path: string): OutcomeStore {
  let lock: Deno.FsFile | undefined;
  try {
    Deno.mkdirSync(dirname(path), { recursive: true });
    // Two workers starting at once: switching a new file to WAL and creating the tables are not
    // covered by the busy timeout ("database is locked" at once), so one process at a time.
    lock = Deno.openSync(`${path}.open-lock`, { read: true, write: true, create: true });
    lock.lockSync(true);
    const db = new DatabaseSync(path);
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec(SCHEMA);
    renameAgents(db);
    return new OutcomeStore(db);
  } catch (error) {
    throw new SuperAgentsError(
      "ANALYTICS_DB",
      `cannot open the outcome history ${path}: ${(error as Error).message}`,
      {
        hint: `check that ${dirname(path)} is writable; a damaged file can be moved aside`,
        cause: error,
      },
    );
  } finally {
    lock?.close(); // closing releases the lock
  }
}

/**
 * The queue database `.claude/state/queue.db`: opened with WAL and a busy
 * timeout so several processes share it, migrated on `PRAGMA user_version`
 * inside one `BEGIN IMMEDIATE` transaction (two processes opening a fresh
 * project cannot both migrate), plus {@linkcode immediate}, the one way a
 * state transition is written. The orchestration stores (circuit breakers,
 * result cache) live in the same file so they survive restarts with the jobs.
 * @module
 */

import { DatabaseSync, type StatementSync } from "node:sqlite";
import { join } from "node:path";
import { SuperAgentsError } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";

/** Migrations in order; migration `i` brings `user_version` from `i` to `i + 1`. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    agent TEXT NOT NULL,
    input TEXT NOT NULL,
    priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
    lane TEXT NOT NULL CHECK (lane IN ('interactive', 'batch')),
    state TEXT NOT NULL CHECK (state IN
      ('queued', 'delayed', 'leased', 'succeeded', 'failed', 'dead', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    pending_deps INTEGER NOT NULL DEFAULT 0,
    run_after INTEGER NOT NULL,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,
    correlation_id TEXT,
    parent TEXT,
    flow TEXT,
    node TEXT,
    depends_on TEXT NOT NULL DEFAULT '[]',
    timeout_ms INTEGER,
    progress TEXT,
    result TEXT,
    error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER
  );
  CREATE INDEX jobs_claim ON jobs (lane, priority, seq)
    WHERE state = 'queued' AND pending_deps = 0;
  CREATE INDEX jobs_delayed ON jobs (run_after) WHERE state = 'delayed';
  CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE state = 'leased';
  CREATE INDEX jobs_flow ON jobs (flow) WHERE flow IS NOT NULL;
  CREATE TABLE edges (
    job TEXT NOT NULL,
    depends_on TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (job, depends_on)
  ) WITHOUT ROWID;
  CREATE INDEX edges_dependency ON edges (depends_on, job);
  CREATE TABLE circuits (
    agent TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half-open')),
    failures INTEGER NOT NULL,
    opened_at INTEGER,
    probe_owner TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE result_cache (
    key TEXT PRIMARY KEY,
    agent TEXT NOT NULL,
    version TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0
  );
  `,
  // Jobs waiting for dependencies: lets a completion see in one probe that nothing can be released.
  `CREATE INDEX jobs_waiting ON jobs (seq) WHERE pending_deps > 0;`,
  // The model lane's budget shared by the project's worker processes (core/pool/shared_budget.ts).
  `
  CREATE TABLE lane_budget (
    lane TEXT PRIMARY KEY,
    max INTEGER NOT NULL CHECK (max >= 1),
    value REAL NOT NULL,
    calm_until INTEGER NOT NULL,
    window_base INTEGER NOT NULL,
    window_throttles INTEGER NOT NULL,
    window_from REAL NOT NULL,
    last_throttle INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE lane_slots (
    lane TEXT NOT NULL,
    owner TEXT NOT NULL,
    slots INTEGER NOT NULL CHECK (slots >= 0),
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (lane, owner)
  ) WITHOUT ROWID;
  `,
  // A worker's lane gauges for status and /metrics: its CPU lane's slots beside its jobs in flight.
  `ALTER TABLE lane_slots ADD COLUMN capacity INTEGER NOT NULL DEFAULT 0;`,
];

/** The schema version this code writes. */
export const QUEUE_DB_VERSION = MIGRATIONS.length;

/** The queue database path of a project. */
export function queueDbPath(paths: ProjectPaths): string {
  return join(paths.state, "queue.db");
}

/**
 * Opens (creating and migrating) the queue database of a project.
 *
 * @example
 * ```ts
 * const db = openQueueDatabase(paths);
 * console.log(db.prepare("SELECT state, count(*) AS n FROM jobs GROUP BY state").all());
 * db.close();
 * ```
 */
export function openQueueDatabase(paths: ProjectPaths, busyTimeoutMs = 10_000): DatabaseSync {
  Deno.mkdirSync(paths.state, { recursive: true });
  const file = queueDbPath(paths);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file);
    db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.exec("PRAGMA journal_mode = WAL");
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the tail).
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = OFF");
    db.exec("PRAGMA cache_size = -32768"); // 32 MiB of pages: a busy queue's working set stays cached
    db.exec("PRAGMA mmap_size = 268435456"); // reads of the database file without a system call each
    migrate(db, file);
  } catch (error) {
    if (error instanceof SuperAgentsError) throw error;
    throw new SuperAgentsError("QUEUE_DB", `cannot open the queue database ${file}: ${error}`, {
      hint: "check that .claude/state/ is writable; move queue.db aside if it is corrupt",
      cause: error,
    });
  }
  return db;
}

function migrate(db: DatabaseSync, file: string): void {
  const current = () => Number((db.prepare("PRAGMA user_version").get() ?? {}).user_version ?? 0);
  if (current() === QUEUE_DB_VERSION) return;
  immediate(db, () => {
    const version = current();
    if (version > QUEUE_DB_VERSION) {
      throw new SuperAgentsError(
        "QUEUE_DB_TOO_NEW",
        `${file} has schema version ${version}, newer than this super-agents (${QUEUE_DB_VERSION})`,
        { hint: "upgrade super-agents (`super-agents upgrade`)" },
      );
    }
    for (let v = version; v < QUEUE_DB_VERSION; v++) db.exec(MIGRATIONS[v]);
    db.exec(`PRAGMA user_version = ${QUEUE_DB_VERSION}`);
  });
}

/**
 * Runs `fn` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up
 * front, so two processes never interleave a read-then-write.
 */
export function immediate<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    // SQLite may already have rolled back (e.g. SQLITE_FULL); only roll back an open transaction.
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** Prepares SQL once per text and reuses the statement (the hot paths repeat a few). */
export type Statements = (sql: string) => StatementSync;

/** A statement cache over `db`. */
export function statementCache(db: DatabaseSync): Statements {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, statement = db.prepare(sql));
    return statement;
  };
}

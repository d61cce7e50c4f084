/**
 * The embedded queue backend: {@linkcode TaskQueue} on `.claude/state/queue.db`.
 * Every transition is one `BEGIN IMMEDIATE` transaction, so worker processes
 * sharing the file never claim one job twice; a claim first sweeps due delays
 * and expired leases (the attempt of a dead worker stays counted).
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import { SuperAgentsError } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import {
  EnqueueSpecSchema,
  type Job,
  type JobErrorInput,
  type JobProgress,
  type ListFilter,
  type QueueStats,
} from "./job.ts";
import type {
  ClaimOptions,
  DependencyResult,
  EnqueueResult,
  FailOptions,
  HeartbeatResult,
  PruneOptions,
  QueueOptions,
  QueueSettings,
  ReleaseOptions,
  TaskQueue,
} from "./queue.ts";
import { newJobId } from "./queue.ts";
import { applyCompletions, type Completion, settleCompletions } from "./sqlite_completions.ts";
import { immediate, openQueueDatabase, statementCache, type Statements } from "./sqlite_db.ts";
import { insertJobs } from "./sqlite_bulk_insert.ts";
import { purgeDeadJobs, retryDeadJobs } from "./sqlite_dlq.ts";
import {
  beatLease,
  type ClaimedRow,
  type LeasedJob,
  leaseJobs,
  saveProgress,
} from "./sqlite_leases.ts";
import { cancelJob, failJob, releaseJob, retryJob } from "./sqlite_outcomes.ts";
import { dependencyResults, listJobs, queueStats, selectJob } from "./sqlite_reads.ts";
import { pruneFinished } from "./sqlite_prune.ts";
import { sweepDue } from "./sqlite_sweep.ts";

/** While claims find work, expired leases and due delays are still swept this often. */
const SWEEP_EVERY_MS = 250;

/**
 * Opens the SQLite queue of a project.
 *
 * @example
 * ```ts
 * const queue = openSqliteQueue(paths, config.queue);
 * const job = await queue.claim("worker-1", 30_000);
 * ```
 */
export function openSqliteQueue(
  paths: ProjectPaths,
  settings: QueueSettings,
  options: QueueOptions = {},
): SqliteQueue {
  return new SqliteQueue(openQueueDatabase(paths), settings, options);
}

/** The SQLite implementation of {@linkcode TaskQueue}. */
export class SqliteQueue implements TaskQueue {
  readonly backend = "sqlite";
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #random: () => number;
  readonly #sql: Statements;
  #sweptAt = Number.NEGATIVE_INFINITY;
  readonly #completions: Completion[] = [];
  /** Jobs this queue leased and has not seen end, as leased (completions build on them). */
  readonly #leased = new Map<string, LeasedJob>();

  constructor(
    readonly db: DatabaseSync,
    readonly settings: QueueSettings,
    options: QueueOptions = {},
  ) {
    this.#now = options.now ?? (() => Date.now());
    this.#newId = options.newId ?? newJobId;
    this.#random = options.random ?? Math.random;
    this.#sql = statementCache(db);
  }

  enqueue(spec: Parameters<TaskQueue["enqueue"]>[0]): Promise<EnqueueResult> {
    return this.enqueueMany([spec]).then((results) => results[0]);
  }

  enqueueMany(specs: Parameters<TaskQueue["enqueueMany"]>[0]): Promise<EnqueueResult[]> {
    return this.#transaction(() => {
      const parsed = specs.map((spec) => EnqueueSpecSchema.parse(spec));
      const ctx = {
        db: this.db,
        sql: this.#sql,
        now: this.#now(),
        newId: this.#newId,
        defaultMaxAttempts: this.settings.maxAttempts,
      };
      return insertJobs(ctx, parsed);
    });
  }

  claim(workerId: string, leaseMs: number, options: ClaimOptions = {}): Promise<Job | null> {
    return this.claimMany(workerId, leaseMs, 1, options).then((jobs) => jobs[0] ?? null);
  }

  claimMany(
    workerId: string,
    leaseMs: number,
    limit: number,
    options: ClaimOptions = {},
  ): Promise<Job[]> {
    const agents = options.agents ?? [];
    const agentFilter = agents.length ? `AND agent IN (${agents.map(() => "?").join(",")})` : "";
    const wanted = Math.max(1, Math.trunc(limit));
    const select = () =>
      this.#sql(
        `SELECT id, seq FROM jobs WHERE state = 'queued' AND pending_deps = 0 AND lane = ?
         ${agentFilter} ORDER BY priority, seq LIMIT ?`,
      ).all(options.lane ?? "interactive", ...agents, wanted) as unknown as ClaimedRow[];
    const completions = this.#completions.splice(0);
    let completed: (Job | SuperAgentsError)[] = [];
    const claimed = this.#transaction(() => {
      completed = this.#applyCompletions(completions);
      const now = this.#now();
      // Sweeping due delays and expired leases costs two statements: do it when the queue
      // looks short of work, and at least every SWEEP_EVERY_MS while it is busy.
      let ids = now - this.#sweptAt >= SWEEP_EVERY_MS ? [] : select();
      if (ids.length < wanted) {
        sweepDue(this.#sql, now);
        this.#sweptAt = now;
        ids = select();
      }
      if (ids.length === 0) return [];
      const jobs = leaseJobs(this.#sql, ids, workerId, leaseMs, now);
      jobs.forEach((job, i) => this.#leased.set(job.id, { job, seq: ids[i].seq }));
      return jobs;
    });
    // Pending completions ride along in the claim's transaction; settle them once it committed.
    claimed.then(
      () => settleCompletions(completions, completed),
      (error) => completions.forEach((completion) => completion.reject(error)),
    );
    return claimed;
  }

  heartbeat(id: string, workerId: string, leaseMs: number): Promise<HeartbeatResult> {
    return settle(() => {
      const beat = this.#beat(id, workerId, leaseMs, this.#now());
      if (beat instanceof SuperAgentsError) throw beat;
      return beat;
    });
  }

  heartbeatMany(
    ids: string[],
    workerId: string,
    leaseMs: number,
  ): Promise<(HeartbeatResult | SuperAgentsError)[]> {
    return this.#transaction(() => {
      const now = this.#now();
      return ids.map((id) => this.#beat(id, workerId, leaseMs, now));
    });
  }

  #beat(id: string, workerId: string, leaseMs: number, now: number) {
    const beat = beatLease(this.#sql, id, workerId, leaseMs, now);
    if (beat instanceof SuperAgentsError) this.#leased.delete(id);
    return beat;
  }

  progress(id: string, workerId: string, progress: JobProgress): Promise<void> {
    return settle(() => saveProgress(this.#sql, id, workerId, progress, this.#now()));
  }

  /**
   * Completions are group-committed: they are applied by the next claim's
   * transaction, or by a transaction of their own on the next turn of the
   * event loop, whichever comes first (each job's transition is still all or
   * nothing, and a lost lease rejects only its own call).
   */
  complete(id: string, workerId: string, result: unknown): Promise<Job> {
    return new Promise((resolve, reject) => {
      this.#completions.push({ id, workerId, result, resolve, reject });
      if (this.#completions.length === 1) setTimeout(() => this.#flushCompletions(), 0);
    });
  }

  /** Commits pending completions in a transaction of their own. */
  #flushCompletions(): void {
    const batch = this.#completions.splice(0);
    if (batch.length === 0 || !this.db.isOpen) return;
    let outcomes: (Job | SuperAgentsError)[];
    try {
      outcomes = immediate(this.db, () => this.#applyCompletions(batch));
    } catch (error) {
      for (const completion of batch) completion.reject(error);
      return;
    }
    settleCompletions(batch, outcomes);
  }

  /** Applies completions inside the current transaction; a lost lease is returned, not thrown. */
  #applyCompletions(batch: Completion[]): (Job | SuperAgentsError)[] {
    const outcomes = applyCompletions(this.#sql, batch, this.#now(), this.#leased);
    for (const { id } of batch) this.#leased.delete(id);
    return outcomes;
  }

  fail(id: string, workerId: string, input: JobErrorInput, options: FailOptions = {}) {
    this.#leased.delete(id);
    return this.#transaction(() => {
      const backoff = { settings: this.settings, random: this.#random };
      return failJob(this.#sql, backoff, this.#now(), id, workerId, input, options);
    });
  }

  release(id: string, workerId: string, options: ReleaseOptions = {}): Promise<Job> {
    this.#leased.delete(id);
    return this.#transaction(() => releaseJob(this.#sql, this.#now(), id, workerId, options));
  }

  cancel(id: string): Promise<Job> {
    return this.#transaction(() => cancelJob(this.#sql, this.#now(), id));
  }

  retry(id: string): Promise<Job> {
    return this.#transaction(() => retryJob(this.#sql, this.#now(), id));
  }

  get(id: string): Promise<Job | undefined> {
    return settle(() => selectJob(this.#sql, id));
  }

  list(filter: ListFilter = {}): Promise<Job[]> {
    return settle(() => listJobs(this.#sql, filter));
  }

  dependencyResults(id: string): Promise<DependencyResult[]> {
    return settle(() => dependencyResults(this.#sql, id));
  }

  stats(): Promise<QueueStats> {
    return settle(() => queueStats(this.#sql));
  }

  dlqList(limit = 100): Promise<Job[]> {
    return this.list({ state: ["dead"], limit });
  }

  dlqRetry(ids: string[] = []): Promise<number> {
    return this.#transaction(() => retryDeadJobs(this.#sql, this.#now(), ids));
  }

  dlqPurge(ids: string[] = []): Promise<number> {
    return this.#transaction(() => purgeDeadJobs(this.#sql, ids));
  }

  prune(options: PruneOptions): Promise<number> {
    return pruneFinished((fn) => this.#transaction(fn), this.#sql, options.finishedBefore);
  }

  close(): Promise<void> {
    this.#flushCompletions();
    this.#leased.clear();
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  /** Runs `fn` as one `BEGIN IMMEDIATE` transaction; a throw becomes a rejection. */
  #transaction<T>(fn: () => T): Promise<T> {
    return settle(() => immediate(this.db, fn));
  }
}

/** Calls `fn` now and turns its result or throw into a promise (async-interface methods). */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

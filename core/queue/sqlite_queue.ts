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
import { retryDelayMs } from "./backoff.ts";
import {
  EnqueueSpecSchema,
  type Job,
  type JobErrorInput,
  JobErrorSchema,
  type JobProgress,
  JobProgressSchema,
  type JobState,
  type ListFilter,
  type QueueStats,
} from "./job.ts";
import type {
  ClaimOptions,
  DependencyResult,
  EnqueueResult,
  FailOptions,
  HeartbeatResult,
  QueueOptions,
  QueueSettings,
  ReleaseOptions,
  TaskQueue,
} from "./queue.ts";
import { newJobId } from "./queue.ts";
import { immediate, openQueueDatabase, statementCache, type Statements } from "./sqlite_db.ts";
import {
  blockDependants,
  countPending,
  releaseDependants,
  unblockDependants,
} from "./sqlite_dependencies.ts";
import { insertJob } from "./sqlite_enqueue.ts";
import {
  deadIds,
  dependencyResults,
  listJobs,
  queueStats,
  requireJob,
  selectJob,
} from "./sqlite_reads.ts";
import { allJobs, oneJob, RETURNED_JOB_COLUMNS, toJsonColumn } from "./sqlite_rows.ts";
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
      return parsed.map((spec) => insertJob(ctx, spec));
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
        `SELECT id FROM jobs WHERE state = 'queued' AND pending_deps = 0 AND lane = ? ${agentFilter}
         ORDER BY priority, seq LIMIT ?`,
      ).all(options.lane ?? "interactive", ...agents, wanted) as { id: string }[];
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
      // One statement leases the batch and reads it back (node:sqlite costs ~5 µs a call).
      const leased = allJobs(
        this.#sql(
          `UPDATE jobs SET state = 'leased', lease_owner = ?, lease_expires_at = ?,
             attempts = attempts + 1, started_at = ?, updated_at = ?
           WHERE id IN (SELECT value FROM json_each(?))
           RETURNING ${RETURNED_JOB_COLUMNS}`,
        ),
        workerId,
        now + leaseMs,
        now,
        now,
        JSON.stringify(ids.map(({ id }) => id)),
      );
      // RETURNING has no order: hand the jobs out in claim (priority, FIFO) order.
      const byId = new Map(leased.map((job) => [job.id, job]));
      return ids.map(({ id }) => byId.get(id)!);
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
    const row = this.#sql(
      `UPDATE jobs SET lease_expires_at = ?, updated_at = ?
       WHERE id = ? AND state = 'leased' AND lease_owner = ?
       RETURNING cancel_requested, lease_expires_at`,
    ).get(now + leaseMs, now, id, workerId) as
      | { cancel_requested: number; lease_expires_at: number }
      | undefined;
    if (!row) return this.#leaseLost(id, workerId);
    return { cancelRequested: row.cancel_requested !== 0, leaseExpiresAt: row.lease_expires_at };
  }

  progress(id: string, workerId: string, progress: JobProgress): Promise<void> {
    return settle(() => {
      const value = toJsonColumn(JobProgressSchema.parse(progress));
      const changes = this.#sql(
        `UPDATE jobs SET progress = ?, updated_at = ?
         WHERE id = ? AND state = 'leased' AND lease_owner = ?`,
      ).run(value, this.#now(), id, workerId).changes;
      if (Number(changes) === 0) throw this.#leaseLost(id, workerId);
    });
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
    const now = this.#now();
    const update = this.#sql(
      `UPDATE jobs SET state = 'succeeded', result = ?, error = NULL, lease_owner = NULL,
         lease_expires_at = NULL, finished_at = ?, updated_at = ?
       WHERE id = ? AND state = 'leased' AND lease_owner = ?
       RETURNING ${RETURNED_JOB_COLUMNS}`,
    );
    const outcomes = batch.map(({ id, workerId, result }) => {
      const job = oneJob(update, toJsonColumn(result), now, now, id, workerId);
      return job ?? this.#leaseLost(id, workerId);
    });
    // Dependants are released once for the whole batch (one statement, not one per job).
    const succeeded = outcomes.flatMap((o) => o instanceof SuperAgentsError ? [] : [o.id]);
    if (succeeded.length > 0) releaseDependants(this.#sql, succeeded, now);
    return outcomes;
  }

  fail(id: string, workerId: string, input: JobErrorInput, options: FailOptions = {}) {
    return this.#transaction(() => {
      const now = this.#now();
      const row = this.#leased(id, workerId);
      const error = JobErrorSchema.parse({ ...input, attempt: row.attempts, at: now });
      let state: JobState = "dead";
      let runAfter = now;
      if (row.cancel_requested) state = "cancelled";
      else if (options.retryable !== false && row.attempts < row.max_attempts) {
        state = "delayed";
        runAfter = now + retryDelayMs(
          row.attempts,
          this.settings.backoffBaseMs,
          this.settings.backoffMaxMs,
          this.#random,
        );
      }
      this.#sql(
        `UPDATE jobs SET state = ?, error = ?, run_after = ?, lease_owner = NULL,
           lease_expires_at = NULL, finished_at = ?, updated_at = ? WHERE id = ?`,
      ).run(state, toJsonColumn(error), runAfter, state === "delayed" ? null : now, now, id);
      if (state !== "delayed") blockDependants(this.#sql, id, row.agent, state, now);
      return requireJob(this.#sql, id);
    });
  }

  release(id: string, workerId: string, options: ReleaseOptions = {}): Promise<Job> {
    return this.#transaction(() => {
      const now = this.#now();
      const row = this.#leased(id, workerId);
      const delay = options.delayMs ?? 0;
      const state: JobState = row.cancel_requested ? "cancelled" : delay > 0 ? "delayed" : "queued";
      this.#sql(
        `UPDATE jobs SET state = ?, run_after = ?, attempts = max(0, attempts - 1),
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?,
           finished_at = CASE WHEN ? = 'cancelled' THEN ? ELSE NULL END WHERE id = ?`,
      ).run(state, now + delay, now, state, now, id);
      if (state === "cancelled") blockDependants(this.#sql, id, row.agent, "cancelled", now);
      return requireJob(this.#sql, id);
    });
  }

  cancel(id: string): Promise<Job> {
    return this.#transaction(() => {
      const now = this.#now();
      const job = requireJob(this.#sql, id);
      if (job.state === "queued" || job.state === "delayed") {
        this.#sql(
          `UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ? WHERE id = ?`,
        ).run(now, now, id);
        blockDependants(this.#sql, id, job.agent, "cancelled", now);
      } else if (job.state === "leased") {
        this.#sql("UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?")
          .run(now, id);
      } else {
        throw new SuperAgentsError("JOB_NOT_CANCELLABLE", `job ${id} is already ${job.state}`, {
          hint: "only queued, delayed or running jobs can be cancelled",
        });
      }
      return requireJob(this.#sql, id);
    });
  }

  retry(id: string): Promise<Job> {
    return this.#transaction(() => this.#retry(id));
  }

  #retry(id: string): Job {
    const now = this.#now();
    const job = requireJob(this.#sql, id);
    if (!["dead", "failed", "cancelled"].includes(job.state)) {
      throw new SuperAgentsError("JOB_NOT_RETRYABLE", `job ${id} is ${job.state}`, {
        hint: "only dead, failed or cancelled jobs can be retried",
      });
    }
    const blocker = this.#sql(
      `SELECT d.id, d.state FROM edges e JOIN jobs d ON d.id = e.depends_on
       WHERE e.job = ? AND d.state IN ('failed', 'dead', 'cancelled') LIMIT 1`,
    ).get(id) as { id: string; state: string } | undefined;
    if (blocker) {
      throw new SuperAgentsError(
        "JOB_BLOCKED",
        `job ${id} depends on ${blocker.id}, which is ${blocker.state}`,
        { hint: `retry ${blocker.id} instead; its dependants are retried with it` },
      );
    }
    this.#sql(
      `UPDATE jobs SET state = 'queued', attempts = 0, error = NULL, result = NULL,
         cancel_requested = 0, lease_owner = NULL, lease_expires_at = NULL, run_after = ?,
         pending_deps = ?, finished_at = NULL, updated_at = ? WHERE id = ?`,
    ).run(now, countPending(this.#sql, id), now, id);
    unblockDependants(this.#sql, id, now);
    return requireJob(this.#sql, id);
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
    return this.#transaction(() => {
      const targets = ids.length ? ids : deadIds(this.#sql);
      for (const id of targets) {
        const job = requireJob(this.#sql, id);
        if (job.state !== "dead") {
          throw new SuperAgentsError("JOB_NOT_DEAD", `job ${id} is ${job.state}, not dead`, {
            hint: "`super-agents dlq list` shows the dead-letter queue",
          });
        }
        this.#retry(id);
      }
      return targets.length;
    });
  }

  dlqPurge(ids: string[] = []): Promise<number> {
    return this.#transaction(() => {
      const targets = ids.length ? ids : deadIds(this.#sql);
      const remove = this.#sql("DELETE FROM jobs WHERE id = ? AND state = 'dead'");
      const removeEdges = this.#sql("DELETE FROM edges WHERE job = ?");
      let purged = 0;
      for (const id of targets) {
        if (Number(remove.run(id).changes) > 0) purged++, removeEdges.run(id);
      }
      return purged;
    });
  }

  close(): Promise<void> {
    this.#flushCompletions();
    if (this.db.isOpen) this.db.close();
    return Promise.resolve();
  }

  /** Runs `fn` as one `BEGIN IMMEDIATE` transaction; a throw becomes a rejection. */
  #transaction<T>(fn: () => T): Promise<T> {
    return settle(() => immediate(this.db, fn));
  }

  #leased(id: string, workerId: string) {
    const row = this.#sql(
      `SELECT agent, attempts, max_attempts, cancel_requested FROM jobs
       WHERE id = ? AND state = 'leased' AND lease_owner = ?`,
    ).get(id, workerId) as
      | { agent: string; attempts: number; max_attempts: number; cancel_requested: number }
      | undefined;
    if (!row) throw this.#leaseLost(id, workerId);
    return row;
  }

  #leaseLost(id: string, workerId: string): SuperAgentsError {
    return new SuperAgentsError(
      "LEASE_LOST",
      `worker ${workerId} no longer holds the lease of job ${id}`,
      { hint: "the lease expired or the job was cancelled; another worker may have it now" },
    );
  }
}

/** A `complete` call waiting for its transaction. */
interface Completion {
  id: string;
  workerId: string;
  result: unknown;
  resolve: (job: Job) => void;
  reject: (error: unknown) => void;
}

function settleCompletions(batch: Completion[], outcomes: (Job | SuperAgentsError)[]): void {
  outcomes.forEach((outcome, i) =>
    outcome instanceof SuperAgentsError ? batch[i].reject(outcome) : batch[i].resolve(outcome)
  );
}

/** Calls `fn` now and turns its result or throw into a promise (async-interface methods). */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

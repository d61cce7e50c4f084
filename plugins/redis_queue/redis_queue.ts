/**
 * The Redis backend: {@linkcode TaskQueue} on BullMQ. A lane is a BullMQ
 * queue; priorities are BullMQ priority numbers (FIFO within one); a lease
 * is BullMQ's job lock (claim = `moveToActive` with the lease as lock
 * duration, heartbeat = extend the lock, complete/fail = `moveToFinished`
 * or `moveToDelayed` with the lock token, so a worker that lost its lease
 * gets `LEASE_LOST`); the dead-letter queue is BullMQ's failed set. Expired
 * locks are taken back by a single-pass stalled check at each claim, so a
 * killed worker's job runs again; the rest is in `scripts.ts`.
 * @module
 */

import { backoffDelay } from "../../core/backoff.ts";
import {
  type EnqueueSpec,
  type Job,
  type JobErrorInput,
  JobErrorSchema,
  type JobProgress,
  JobProgressSchema,
  type Lane,
  type ListFilter,
  PRIORITIES,
  type QueueStats,
} from "../../core/queue/job.ts";
import {
  type ClaimOptions,
  type DependencyResult,
  type EnqueueResult,
  type FailOptions,
  type HeartbeatResult,
  newJobId,
  type PruneOptions,
  type QueueOptions,
  type ReleaseOptions,
  type TaskQueue,
} from "../../core/queue/queue.ts";
import { completedJob, COMPLETION_FIELDS, type RawJob, toJob } from "./job_view.ts";
import { closeRedisContext, type RedisContext } from "./redis_context.ts";
import { cancelJob, notFound, purgeDead, requireJob, retryDead, retryJob } from "./redis_admin.ts";
import { blockDependants, releaseDependants, sweepGates } from "./redis_dependencies.ts";
import { enqueueMany } from "./redis_enqueue.ts";
import {
  dependencyResults,
  laneOf,
  listJobs,
  queueStats,
  readJob,
  readRaw,
} from "./redis_reads.ts";
import { pruneFinished } from "./redis_prune.ts";
import { sweepExpiredLeases } from "./redis_sweep.ts";
import {
  claimBatch,
  type LeaseHandle,
  leaseLost,
  minimalJob,
  rethrowLeaseLost,
} from "./redis_leases.ts";

/** How often claims look for expired locks (leases are at least 100 ms). */
const SWEEP_MS = 50;

/** How often a claim also repairs dependency gates (a crash between complete and promote). */
const GATE_SWEEP_MS = 2_000;

/** The Redis implementation of {@linkcode TaskQueue}. */
export class RedisQueue implements TaskQueue {
  readonly backend = "redis";
  readonly #ctx: RedisContext;
  readonly #newId: () => string;
  readonly #random: () => number;
  /** Lane and attempts limit of the jobs this process leased (saves a lookup per call). */
  readonly #leases = new Map<string, LeaseHandle>();
  #lastGateSweep = 0;
  readonly #lastSweep = new Map<Lane, number>();

  constructor(ctx: RedisContext, options: QueueOptions = {}) {
    this.#ctx = ctx;
    this.#newId = options.newId ?? newJobId;
    this.#random = options.random ?? Math.random;
  }

  /** The queue's name on Redis (hosts that share it share the work). */
  get name(): string {
    return this.#ctx.keys.name;
  }

  enqueue(spec: EnqueueSpec): Promise<EnqueueResult> {
    return this.enqueueMany([spec]).then((results) => results[0]);
  }

  enqueueMany(specs: EnqueueSpec[]): Promise<EnqueueResult[]> {
    return enqueueMany(this.#ctx, specs, this.#newId);
  }

  claim(workerId: string, leaseMs: number, options: ClaimOptions = {}): Promise<Job | null> {
    return this.claimMany(workerId, leaseMs, 1, options).then((jobs) => jobs[0] ?? null);
  }

  async claimMany(
    workerId: string,
    leaseMs: number,
    limit: number,
    options: ClaimOptions = {},
  ): Promise<Job[]> {
    const ctx = this.#ctx;
    const lane = options.lane ?? "interactive";
    const now = ctx.now();
    // Expired locks are looked for at most every SWEEP_MS (half the shortest lease allowed).
    if (now - (this.#lastSweep.get(lane) ?? 0) >= SWEEP_MS) {
      this.#lastSweep.set(lane, now);
      await sweepExpiredLeases(this.#ctx, lane, this.#leases);
    }
    if (now - this.#lastGateSweep > GATE_SWEEP_MS) {
      this.#lastGateSweep = now;
      await sweepGates(ctx);
    }
    // One script call claims the whole batch (each job as BullMQ's moveToActive would).
    const count = Math.max(1, Math.trunc(limit));
    const raws = await claimBatch(ctx, lane, workerId, leaseMs, count, options.agents ?? []);
    const jobs: Job[] = [];
    for (const raw of raws) {
      const job = toJob(raw, ctx.now());
      this.#leases.set(job.id, { lane, maxAttempts: job.maxAttempts, job });
      jobs.push(job);
    }
    return jobs.sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority));
  }

  async heartbeat(id: string, workerId: string, leaseMs: number): Promise<HeartbeatResult> {
    const lane = await this.#lane(id);
    const now = this.#ctx.now();
    const reply = await this.#ctx.run(
      "saHeartbeat",
      [this.#ctx.bullKey(lane, "stalled")],
      [this.#ctx.keys.bull(lane), id, workerId, leaseMs],
    ) as [number, string?];
    if (reply[0] !== 1) throw leaseLost(id, workerId);
    return { cancelRequested: reply[1] === "1", leaseExpiresAt: now + leaseMs };
  }

  async progress(id: string, workerId: string, progress: JobProgress): Promise<void> {
    const lane = await this.#lane(id);
    const value = JSON.stringify(JobProgressSchema.parse(progress));
    const changed = await this.#ctx.run(
      "saProgress",
      [this.#ctx.bullKey(lane, "events")],
      [this.#ctx.keys.bull(lane), id, workerId, value],
    );
    if (changed !== 1) throw leaseLost(id, workerId);
  }

  async complete(id: string, workerId: string, result: unknown): Promise<Job> {
    const lane = await this.#lane(id);
    const lease = this.#leases.get(id);
    const ctx = this.#ctx;
    const backend = ctx.workers[lane].backend;
    const returnValue = JSON.stringify(result ?? null);
    const args = backend.moveToCompletedArgs(
      minimalJob(id, lease?.maxAttempts ?? 1),
      returnValue,
      false,
      workerId,
      false,
    );
    // One round trip: BullMQ's finishing move, then (one script) the dependants to release and
    // the fields a lease may have changed, written right behind it on the same connection (so
    // Redis runs it after the move) without waiting for the move's reply.
    const client = ctx.client as unknown as Record<string, (args: unknown[]) => Promise<unknown>>;
    const moving = backend.execCommand(
      { runCommand: (name: string, args: unknown[]) => client[name](args) } as never,
      "moveToFinished",
      args,
    ) as Promise<number>;
    const after = ctx.run(
      "saAfterComplete",
      [ctx.keys.dependants(id), ctx.bullKey(lane, id)],
      [...COMPLETION_FIELDS],
    ) as Promise<[string[], (string | null)[]]>;
    const [code] = await Promise.all([moving, after]).catch(async (error) => {
      await Promise.allSettled([moving, after]);
      throw error;
    }).catch(rethrowLeaseLost(id, workerId));
    if (code < 0) {
      rethrowLeaseLost(id, workerId)(
        backend.finishedErrors({ code, jobId: id, command: "moveToFinished", state: "active" }),
      );
    }
    this.#leases.delete(id);
    const [dependants, fields] = await after;
    if (dependants.length === 0 && lease?.job) return completedJob(lease.job, result, fields);
    if (dependants.length === 0) return await requireJob(ctx, id);
    await releaseDependants(ctx, id, dependants);
    return await requireJob(ctx, id);
  }

  async fail(id: string, workerId: string, input: JobErrorInput, options: FailOptions = {}) {
    const raw = await this.#leased(id, workerId);
    const job = toJob(raw, this.#ctx.now());
    const lane = job.lane;
    const now = this.#ctx.now();
    const error = JSON.stringify(
      JobErrorSchema.parse({ ...input, attempt: job.attempts, at: now }),
    );
    const backend = this.#ctx.queues[lane].backend;
    const guard = rethrowLeaseLost(id, workerId);
    let state: "delayed" | "dead" | "cancelled" = "dead";
    if (job.cancelRequested) state = "cancelled";
    else if (options.retryable !== false && job.attempts < job.maxAttempts) state = "delayed";
    if (state === "delayed") {
      const { backoffBaseMs, backoffMaxMs } = this.#ctx.settings;
      const delay = backoffDelay(job.attempts, backoffBaseMs, backoffMaxMs, "equal", this.#random);
      await backend.moveToDelayed(id, now, delay, workerId, {
        fieldsToUpdate: { failedReason: error },
      }).catch(guard);
    } else {
      await backend.moveToFailed(minimalJob(id, job.maxAttempts), error, false, workerId, false, {
        sa_state: state,
      }).catch(guard);
      await blockDependants(this.#ctx, job, state);
    }
    this.#leases.delete(id);
    return await requireJob(this.#ctx, id);
  }

  async release(id: string, workerId: string, options: ReleaseOptions = {}): Promise<Job> {
    const raw = await this.#leased(id, workerId);
    const job = toJob(raw, this.#ctx.now());
    const backend = this.#ctx.queues[job.lane].backend;
    const guard = rethrowLeaseLost(id, workerId);
    const delay = options.delayMs ?? 0;
    if (job.cancelRequested) {
      const error = { code: "CANCELLED", message: `job ${id} was cancelled`, at: this.#ctx.now() };
      await backend.moveToFailed(
        minimalJob(id, job.maxAttempts),
        JSON.stringify(error),
        false,
        workerId,
        false,
        {
          sa_state: "cancelled",
        },
      ).catch(guard);
      await blockDependants(this.#ctx, job, "cancelled");
    } else {
      if (delay > 0) {
        await backend.moveToDelayed(id, this.#ctx.now(), delay, workerId, { skipAttempt: true })
          .catch(guard);
      } else await backend.moveJobFromActiveToWait(id, workerId).catch(guard);
      // The attempt is given back once the job is no longer ours (a release does not count).
      await this.#ctx.client.hincrby(this.#ctx.bullKey(job.lane, id), "ats", -1);
    }
    this.#leases.delete(id);
    return await requireJob(this.#ctx, id);
  }

  cancel(id: string): Promise<Job> {
    return cancelJob(this.#ctx, id);
  }

  retry(id: string): Promise<Job> {
    return retryJob(this.#ctx, id);
  }

  get(id: string): Promise<Job | undefined> {
    return readJob(this.#ctx, id);
  }

  list(filter: ListFilter = {}): Promise<Job[]> {
    return listJobs(this.#ctx, filter);
  }

  dependencyResults(id: string): Promise<DependencyResult[]> {
    return dependencyResults(this.#ctx, id);
  }

  stats(): Promise<QueueStats> {
    return queueStats(this.#ctx);
  }

  dlqList(limit = 100): Promise<Job[]> {
    return this.list({ state: ["dead"], limit });
  }

  dlqRetry(ids: string[] = []): Promise<number> {
    return retryDead(this.#ctx, ids);
  }

  dlqPurge(ids: string[] = []): Promise<number> {
    return purgeDead(this.#ctx, ids);
  }

  prune(options: PruneOptions): Promise<number> {
    return pruneFinished(this.#ctx, options.finishedBefore);
  }

  close(): Promise<void> {
    return closeRedisContext(this.#ctx);
  }

  async #lane(id: string): Promise<Lane> {
    const lane = this.#leases.get(id)?.lane ?? await laneOf(this.#ctx, id);
    if (!lane) throw notFound(id);
    return lane;
  }

  /** The raw job, if `workerId` holds its lease; `LEASE_LOST` otherwise. */
  async #leased(id: string, workerId: string): Promise<RawJob> {
    const raw = await readRaw(this.#ctx, id);
    if (!raw || raw.bull !== "active" || raw.lockOwner !== workerId) throw leaseLost(id, workerId);
    return raw;
  }
}

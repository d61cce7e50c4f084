/**
 * The job runner: the loop of one worker process. It claims jobs (up to its
 * concurrency, in one transaction), asks the circuit breaker and the result
 * cache, runs each job in the pool with its dependencies' results, keeps the
 * lease alive with heartbeats (which also deliver cancel requests), and
 * records the outcome in the queue — complete, retry with backoff,
 * dead-letter, cancelled, or released on shutdown. Every transition emits an
 * event with the job's correlation id.
 * @module
 */

import { errorMessage, SuperAgentsError } from "../errors.ts";
import type { PoolOutcome } from "../pool/worker_pool.ts";
import type { Job } from "../queue/job.ts";
import type { Admission, CircuitTransition } from "./circuit_breaker.ts";
import type { EventInput } from "../events/schema.ts";
import { eventCorrelationId, jobEvent } from "./job_events.ts";
import { type LaneClaim, LaneClaims } from "./lane_claims.ts";
import { LeaseKeeper } from "./lease_keeper.ts";
import { Wakeup } from "./wakeup.ts";
import { cacheKey } from "./result_cache.ts";
import type { JobPreparation, ResolvedAgent, RunnerOptions, RunSummary } from "./runner_options.ts";
import { circuitEvent, emitReported, ENDING_COUNTERS } from "./runner_events.ts";
import { CORRELATION_ATTRIBUTE, telemetryEnabled, withSpan } from "../telemetry.ts";

export type {
  JobHooks,
  JobPool,
  JobPreparation,
  ProgressHook,
  ResolvedAgent,
  RunnerOptions,
  RunSummary,
} from "./runner_options.ts";

/** Runs jobs from a queue in a pool until stopped. */
export class JobRunner {
  readonly summary: RunSummary = {
    succeeded: 0,
    retried: 0,
    dead: 0,
    cancelled: 0,
    released: 0,
    deferred: 0,
    cached: 0,
  };
  readonly #o: RunnerOptions;
  readonly #inFlight = new Set<Promise<void>>();
  /** Jobs claimed and not yet out of the pool. */
  #executing = 0;
  #stopping = false;
  #drainMs = 0;
  readonly #wakeup = new Wakeup();
  /** Keeps the leases of the jobs in the pool alive. */
  readonly #leases: LeaseKeeper;
  /** Jobs held per lane, when the pool has lanes. */
  readonly #lanes?: LaneClaims;

  constructor(options: RunnerOptions) {
    this.#o = options;
    this.#leases = new LeaseKeeper(options);
    if (options.lanes) this.#lanes = new LaneClaims(options.lanes);
  }

  /** Jobs running now. */
  get running(): number {
    return this.#inFlight.size;
  }

  /** Claims and runs jobs until {@linkcode stop} (or, with `once`, until drained). */
  async run(): Promise<RunSummary> {
    const o = this.#o;
    while (!this.#stopping) {
      if (o.beforeClaim) {
        await o.beforeClaim().catch((error) => o.onError?.(error, "before claim"));
      }
      const claims = this.#claimsNow();
      let claimed = 0;
      for (const claim of claims) {
        const jobs = await o.queue.claimMany(o.workerId, o.leaseMs, claim.limit, {
          agents: claim.agents,
        });
        claimed += jobs.length;
        jobs.forEach((job) => this.#lanes?.claimed(job));
        const admissions = this.#admitClosed(jobs);
        jobs.forEach((job, i) =>
          this.#track(this.#handle(job, admissions[i], () => this.#leavePool(job)))
        );
      }
      if (o.once && claims.length > 0 && claimed === 0 && this.#inFlight.size === 0) break;
      // With too few free slots to claim, only a job leaving the pool (or stop) changes
      // anything, and it wakes the loop: no poll timer then, unless a hook runs every poll.
      const slotsBusy = this.#executing > 0 && claims.length === 0;
      if (slotsBusy && !o.beforeClaim) await this.#wakeup.sleep();
      else if (claimed === 0 || slotsBusy) await this.#wakeup.sleep(o.pollMs);
    }
    await o.pool.close(this.#drainMs);
    await Promise.all([...this.#inFlight]);
    return this.summary;
  }

  /** Ends an idle wait at once: a job may have been queued (`worker_wake.ts`). */
  nudge(): void {
    this.#wakeup.wake();
  }

  /** Graceful stop: claim nothing more, let running jobs finish for `drainMs`, release the rest. */
  stop(drainMs: number): void {
    this.#stopping = true;
    this.#drainMs = drainMs;
    this.#wakeup.wake();
  }

  /**
   * The claims to make now. A slot is free once its job left the pool (its
   * completion may still be committing: the queue can fold it into the next
   * claim's transaction). Slots refill in batches (one claim transaction for
   * several jobs) unless idle; with lanes, per lane (see `lane_claims.ts`).
   */
  #claimsNow(): LaneClaim[] {
    const o = this.#o;
    if (this.#lanes) return this.#lanes.plan(o.agents);
    const free = o.concurrency - this.#executing;
    const batch = Math.max(1, Math.ceil(o.concurrency / 4));
    const worth = free >= batch || (free > 0 && this.#executing === 0);
    return worth ? [{ lane: "cpu", limit: free, agents: o.agents }] : [];
  }

  #leavePool(job: Job): void {
    this.#executing--;
    this.#lanes?.left(job);
    this.#wakeup.wake();
  }

  #track(work: Promise<void>): void {
    this.#executing++;
    const tracked = work.catch((error) => this.#o.onError?.(error, "job")).finally(() => {
      this.#inFlight.delete(tracked);
      this.#wakeup.wake();
    });
    this.#inFlight.add(tracked);
  }

  #emit(event: EventInput): Promise<void> {
    return emitReported(this.#o, event);
  }

  #circuit(transition: CircuitTransition | undefined, job: Job): Promise<void> | void {
    if (transition) return this.#emit(circuitEvent(transition, job));
  }

  /** One circuit read for a claimed batch; jobs of an agent whose circuit is not closed ask later. */
  #admitClosed(jobs: Job[]): (Admission | undefined)[] {
    if (!this.#o.breakers || jobs.length === 0) return [];
    try {
      return this.#o.breakers.admitClosed(jobs.map((job) => job.agent));
    } catch (error) {
      this.#o.onError?.(error, "circuit read");
      return []; // each job asks on its own
    }
  }

  async #handle(job: Job, admitted: Admission | undefined, leavePool: () => void): Promise<void> {
    let left = false;
    const leave = () => {
      if (!left) (left = true, leavePool());
    };
    try {
      if (!telemetryEnabled()) return await this.#handleJob(job, admitted, leave); // no attributes to build
      await withSpan(
        `job ${job.agent}`,
        {
          [CORRELATION_ATTRIBUTE]: eventCorrelationId(job.correlationId),
          "super_agents.job_id": job.id,
          "super_agents.agent": job.agent,
          "super_agents.job.priority": job.priority,
          "super_agents.job.attempt": job.attempts,
          "super_agents.queue_wait_ms": Math.max(
            0,
            (job.startedAt ?? job.updatedAt) - Math.max(job.createdAt, job.runAfter),
          ),
        },
        () => this.#handleJob(job, admitted, leave),
        { kind: "consumer" },
      );
    } finally {
      leave();
    }
  }

  async #handleJob(job: Job, admitted: Admission | undefined, leavePool: () => void) {
    const o = this.#o;
    let prepared: JobPreparation | undefined;
    let agent: ResolvedAgent;
    try {
      prepared = await o.hooks?.prepare(job);
      if (prepared?.kind === "here") return await this.#runHere(job, prepared, leavePool);
      agent = await o.resolveAgent(job.agent, job);
      if (prepared) agent = prepared.agent(agent);
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      const retryable = prepared === undefined ? false : error.details?.retryable !== false;
      const failed = await o.queue.fail(job.id, o.workerId, {
        code: error.code,
        message: error.message,
        details: { hint: error.hint },
      }, { retryable });
      const type = failed.state === "delayed" ? "job.retrying" : `job.${failed.state}`;
      return await this.#ended(failed, type, { error: error.message, code: error.code });
    }
    const admission = admitted ?? o.breakers?.admit(job.agent, o.workerId);
    if (admission && !admission.allowed) {
      const delayMs = Math.max(0, admission.retryAt - (o.now ?? Date.now)());
      const released = await o.queue.release(job.id, o.workerId, { delayMs });
      this.summary.deferred++;
      return await this.#emit(
        jobEvent("job.deferred", released, { reason: "circuit open", delayMs }),
      );
    }
    if (admission?.allowed) await this.#circuit(admission.transition, job);
    const key = agent.cacheable && o.cache && !prepared
      ? cacheKey(job.agent, agent.version, job.input)
      : undefined;
    const hit = key === undefined ? undefined : o.cache!.get(key);
    if (hit) {
      const done = await o.queue.complete(job.id, o.workerId, hit.result);
      this.summary.cached++;
      o.onChange?.(done, "cached");
      return await this.#emit(jobEvent("job.cached", done, { cachedAt: hit.createdAt }));
    }
    if (o.emit) await this.#emit(jobEvent("job.started", job, { worker: o.workerId }));
    o.onChange?.(job, "started");
    let outcome = await this.#execute(job, agent);
    if (prepared) outcome = await prepared.finish(outcome).catch((error) => failedOutcome(error));
    if (o.progressHook) {
      leavePool();
      // What the job relayed (its events, its cost) is recorded before how it ended.
      await o.progressHook.settle(job).catch((error) => o.onError?.(error, `records of ${job.id}`));
    }
    await this.#record(job, agent, outcome, key, leavePool);
  }

  /** A job the hooks run in this process (no agent, no pool slot of its own). */
  async #runHere(
    job: Job,
    prepared: Extract<JobPreparation, { kind: "here" }>,
    leavePool: () => void,
  ): Promise<void> {
    const o = this.#o;
    if (o.emit) await this.#emit(jobEvent("job.started", job, { worker: o.workerId }));
    o.onChange?.(job, "started");
    this.#leases.hold(job.id);
    let outcome: PoolOutcome;
    try {
      outcome = await prepared.run().catch((error) => failedOutcome(error));
    } finally {
      this.#leases.unhold(job.id);
    }
    const version = { executor: "here", version: "here", sandbox: {} };
    await this.#record(job, version, outcome, undefined, leavePool);
  }

  async #execute(job: Job, agent: ResolvedAgent): Promise<PoolOutcome> {
    const o = this.#o;
    // A newly learned model-lane agent: claim its queued jobs now, up to the model lane.
    if (this.#lanes?.resolved(job, agent.lane ?? "cpu")) this.#wakeup.wake();
    const dependencies = job.dependsOn.length ? await o.queue.dependencyResults(job.id) : [];
    this.#leases.hold(job.id);
    try {
      if (this.#stopping) return { kind: "interrupted", reason: "shutdown" };
      return await o.pool.run({
        jobId: job.id,
        agent: job.agent,
        executor: agent.executor,
        input: job.input,
        attempt: job.attempts,
        correlationId: eventCorrelationId(job.correlationId) ?? null,
        // A job resumed after a lost lease continues from what it last saved.
        checkpoint: job.progress?.data,
        dependencies,
        sandbox: agent.sandbox,
        timeoutMs: job.timeoutMs ?? agent.timeoutMs ?? o.defaultTimeoutMs,
        agentConfig: agent.agentConfig,
        ...(agent.lane ? { lane: agent.lane } : {}),
        onProgress: (progress) => {
          if (o.progressHook?.handle(job, progress)) return;
          o.onChange?.(job, "progress", progress);
          o.queue.progress(job.id, o.workerId, progress).catch((error) =>
            o.onError?.(error, `progress of ${job.id}`)
          );
        },
      });
    } finally {
      this.#leases.unhold(job.id);
    }
  }

  /** Stores how the job ended; its pool slot is freed once the outcome is on its way to the queue. */
  async #record(
    job: Job,
    agent: ResolvedAgent,
    outcome: PoolOutcome,
    key: string | undefined,
    leavePool: () => void,
  ) {
    const o = this.#o;
    try {
      if (outcome.kind === "succeeded") {
        // Queued before the slot frees, so the claim that refills the slot commits it too.
        const completing = o.queue.complete(job.id, o.workerId, outcome.result);
        leavePool();
        const done = await completing;
        if (key !== undefined) o.cache!.put(key, job.agent, agent.version, outcome.result);
        const transition = o.breakers ? await o.breakers.succeeded(job.agent) : undefined;
        if (transition) await this.#circuit(transition, job);
        return await this.#ended(done, "job.succeeded");
      }
      leavePool();
      if (outcome.kind === "interrupted") {
        const released = await o.queue.release(job.id, o.workerId);
        return await this.#ended(released, "job.released", { reason: outcome.reason });
      }
      const error = outcome.kind === "cancelled"
        ? { code: "CANCELLED", message: `job ${job.id} was cancelled while running` }
        : outcome.error;
      const retryable = outcome.kind === "failed" && outcome.retryable;
      const failed = await o.queue.fail(job.id, o.workerId, error, { retryable });
      if (outcome.kind === "failed") {
        if (error.code === "SANDBOX_DENIED") {
          await this.#emit(jobEvent("sandbox.denied", failed, { error: error.details }));
        }
        await this.#circuit(o.breakers?.recordFailure(job.agent), job);
      }
      const type = failed.state === "delayed" ? "job.retrying" : `job.${failed.state}`;
      await this.#ended(failed, type, { error: error.message, code: error.code });
    } catch (error) {
      if (!(error instanceof SuperAgentsError && error.code === "LEASE_LOST")) throw error;
      // Our lease ran out while the job ran: another worker owns it now, so its outcome wins.
      await this.#emit(
        jobEvent("job.lease_lost", job, { worker: o.workerId, error: errorMessage(error) }),
      );
    }
  }

  /** Counts and reports how a job ended; waits only for its event, when events are emitted. */
  #ended(job: Job, type: string, payload: Record<string, unknown> = {}): Promise<void> | void {
    const counter = ENDING_COUNTERS[type];
    if (counter) this.summary[counter]++;
    this.#o.onChange?.(job, type);
    if (this.#o.emit) return this.#emit(jobEvent(type, job, payload));
  }
}

/** A hook's failure as an outcome: retryable unless its `details.retryable` is false. */
function failedOutcome(error: unknown): PoolOutcome {
  const known = error instanceof SuperAgentsError ? error : undefined;
  return {
    kind: "failed",
    error: {
      code: known?.code ?? "JOB_HOOK_FAILED",
      message: errorMessage(error),
      ...(known?.hint ? { details: { hint: known.hint } } : {}),
    },
    retryable: known?.details?.retryable !== false,
  };
}

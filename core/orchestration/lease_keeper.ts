/**
 * The runner's heartbeat: one timer extends the leases of every job a worker
 * has in its pool (in one transaction when the queue can), and cancels a job
 * in the pool when its lease was lost or a cancel was requested.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { HeartbeatResult } from "../queue/queue.ts";
import type { RunnerOptions } from "./runner_options.ts";

/** What a {@linkcode LeaseKeeper} needs of the runner's options. */
export type LeaseKeeperOptions = Pick<
  RunnerOptions,
  "queue" | "pool" | "workerId" | "leaseMs" | "onError"
>;

/**
 * Keeps the leases of held jobs alive while they run.
 *
 * @example
 * ```ts
 * const leases = new LeaseKeeper(options);
 * leases.hold(job.id);
 * try { await pool.run(task); } finally { leases.unhold(job.id); }
 * ```
 */
export class LeaseKeeper {
  readonly #o: LeaseKeeperOptions;
  /** Jobs in the pool whose leases the heartbeat timer extends. */
  readonly #held = new Set<string>();
  #beat: ReturnType<typeof setInterval> | undefined;

  constructor(options: LeaseKeeperOptions) {
    this.#o = options;
  }

  /** Keeps the lease of `jobId` alive; one timer beats for every lease held. */
  hold(jobId: string): void {
    this.#held.add(jobId);
    if (this.#beat !== undefined) return;
    const o = this.#o;
    this.#beat = setInterval(() => this.#heartbeat(), Math.max(20, Math.min(o.leaseMs / 3, 5_000)));
  }

  /** Stops extending the lease of `jobId`; the timer stops with the last lease. */
  unhold(jobId: string): void {
    this.#held.delete(jobId);
    if (this.#held.size > 0 || this.#beat === undefined) return;
    clearInterval(this.#beat);
    this.#beat = undefined;
  }

  /** Extends every held lease (in one transaction when the queue can); delivers cancels. */
  #heartbeat(): void {
    const o = this.#o;
    const ids = [...this.#held];
    const beaten = (id: string, result: HeartbeatResult | SuperAgentsError | unknown) => {
      if (result instanceof SuperAgentsError) {
        if (result.code === "LEASE_LOST") o.pool.cancel(id);
        else o.onError?.(result, `heartbeat of ${id}`);
      } else if (result instanceof Error) o.onError?.(result, `heartbeat of ${id}`);
      else if ((result as HeartbeatResult).cancelRequested) o.pool.cancel(id);
    };
    if (o.queue.heartbeatMany) {
      o.queue.heartbeatMany(ids, o.workerId, o.leaseMs).then(
        (results) => results.forEach((result, i) => beaten(ids[i], result)),
        (error) => o.onError?.(error, `heartbeat of ${ids.length} jobs`),
      );
      return;
    }
    for (const id of ids) {
      o.queue.heartbeat(id, o.workerId, o.leaseMs).then(
        (result) => beaten(id, result),
        (error) => beaten(id, error),
      );
    }
  }
}

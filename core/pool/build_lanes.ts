/**
 * The two lanes of a `super-agents worker`, built from the configuration:
 * the CPU lane as the pool always was (sized by cores, memory and load,
 * `pool.jobsPerWorker` jobs per worker), and the model lane with its own
 * admission (`lanes.model.maxInFlight` calls in flight, adapted to the
 * API's rate limits; `lanes.model.jobsPerWorker` jobs sharing one
 * sandboxed worker). The runner claims enough jobs to fill both.
 * @module
 */

import type { Config } from "../config/schema.ts";
import type { EventInput } from "../events/schema.ts";
import type { CeilingChange } from "./aimd.ts";
import type { LaneBudget } from "./lane_budget.ts";
import { LanedPool } from "./laned_pool.ts";
import { ModelGate } from "./model_gate.ts";
import type { SandboxPlace } from "./sandbox.ts";
import { WorkerPool } from "./worker_pool.ts";

/** The lanes and how many jobs the runner may hold at once. */
export interface Lanes {
  pool: LanedPool;
  /** Jobs the runner claims at most: the CPU lane's plus the model lane's ceiling. */
  concurrency: number;
  /** Jobs the runner holds per lane: the CPU lane's slots, the model lane's ceiling now. */
  capacity: { cpu: number; model: () => number };
  /** Concurrent jobs in one CPU-lane worker. */
  cpuPerWorker: number;
}

/** What {@linkcode buildLanes} needs beyond the configuration. */
export interface LaneOptions {
  config: Pick<Config, "pool" | "lanes">;
  /** The CPU lane's size from `poolSize`. */
  cpuWorkers: number;
  /** An explicit `--concurrency`: it sizes the CPU lane and overrides the automatic lowering. */
  concurrencyFlag?: number;
  workerUrl: (executor: string) => string | URL | undefined;
  place: SandboxPlace;
  /** Told about every drop of the model lane's ceiling. */
  onLowered?: (change: CeilingChange) => void;
  /** The model lane's slots (default: this process's own; the worker shares the project's). */
  budget?: LaneBudget;
}

/**
 * Builds both lanes.
 *
 * @example
 * ```ts
 * const { pool, concurrency } = buildLanes({ config, cpuWorkers: poolSize(config.pool).size,
 *   workerUrl: workerUrlOf, place });
 * ```
 */
export function buildLanes(options: LaneOptions): Lanes {
  const { pool: settings, lanes } = options.config;
  const cpuConcurrency = options.concurrencyFlag ?? options.cpuWorkers * settings.jobsPerWorker;
  const cpu = new WorkerPool({
    workerUrl: options.workerUrl,
    size: options.concurrencyFlag === undefined
      ? options.cpuWorkers
      : Math.min(settings.maxWorkers, Math.ceil(cpuConcurrency / settings.jobsPerWorker)),
    jobsPerWorker: settings.jobsPerWorker,
    place: options.place,
  });
  const { maxInFlight, jobsPerWorker } = lanes.model;
  // Room for the ceiling's worth of jobs, and for agents with different permissions: jobs whose
  // grants differ (a parallel flow's developers, each writing its own worktree) cannot share a
  // worker, so the lane may start up to pool.maxWorkers of them. Workers start only on demand:
  // jobs with the same grants still fill one worker up to jobsPerWorker first.
  const model = new WorkerPool({
    workerUrl: options.workerUrl,
    size: Math.max(options.cpuWorkers, Math.ceil(maxInFlight / jobsPerWorker), settings.maxWorkers),
    jobsPerWorker,
    place: options.place,
  });
  const gate = new ModelGate({ maxInFlight, onLowered: options.onLowered, budget: options.budget });
  return {
    pool: new LanedPool({ cpu, model, gate }),
    concurrency: cpuConcurrency + maxInFlight,
    capacity: {
      cpu: cpuConcurrency,
      // What other processes hold of a shared budget is not this runner's to claim for.
      model: () => {
        const view = gate.view();
        return Math.max(0, view.ceiling - (view.inFlight - gate.inFlight));
      },
    },
    cpuPerWorker: settings.jobsPerWorker,
  };
}

/**
 * The `lane.ceiling.lowered` event of a drop of the model lane's ceiling, with the header values.
 *
 * @example
 * ```ts
 * laneLoweredEvent({ from: 64, to: 44, reason: "throttled", signal: { status: 429 } });
 * ```
 */
export function laneLoweredEvent(change: CeilingChange): EventInput {
  return {
    type: "lane.ceiling.lowered",
    payload: {
      lane: "model",
      from: change.from,
      to: change.to,
      reason: change.reason,
      ...change.signal,
    },
  };
}

/**
 * Two lanes in one worker process, by what a job waits on. CPU-bound jobs
 * (local checks, scripts) run in a pool sized by cores, memory and load;
 * model-bound jobs run in their own pool, many per sandboxed worker (they
 * share an agent and its permissions), admitted by a {@linkcode ModelGate}
 * whose ceiling of calls in flight follows the API's rate limits rather
 * than the core count. A task's lane is `task.lane` (the agent resolver
 * sets it from the provider); none means CPU.
 * @module
 */

import type { ModelGate } from "./model_gate.ts";
import type { PoolOutcome, PoolTask } from "./pool_task.ts";
import { signalOfProgress } from "./rate_limit_signal.ts";

/** What a lane needs of a pool (a `WorkerPool`, or a fake in tests). */
export interface LanePool {
  readonly size: number;
  run(task: PoolTask): Promise<PoolOutcome>;
  cancel(jobId: string): boolean;
  close(drainMs?: number): Promise<void>;
}

/**
 * A pool of two lanes.
 *
 * @example
 * ```ts
 * const pool = new LanedPool({ cpu: new WorkerPool(cpuOptions), model: new WorkerPool(modelOptions),
 *   gate: new ModelGate({ maxInFlight: 64 }) });
 * await pool.run({ ...task, lane: "model" });
 * ```
 */
export class LanedPool {
  readonly cpu: LanePool;
  readonly model: LanePool;
  readonly gate: ModelGate;
  /** Model-lane jobs waiting at the gate, and those of them cancelled while waiting. */
  readonly #waiting = new Set<string>();
  readonly #cancelled = new Set<string>();

  constructor(lanes: { cpu: LanePool; model: LanePool; gate: ModelGate }) {
    this.cpu = lanes.cpu;
    this.model = lanes.model;
    this.gate = lanes.gate;
  }

  /** Runs a task in its lane; a model task waits for the gate first. */
  async run(task: PoolTask): Promise<PoolOutcome> {
    if (task.lane !== "model") return await this.cpu.run(task);
    this.#waiting.add(task.jobId);
    const admitted = await this.gate.acquire();
    this.#waiting.delete(task.jobId);
    if (!admitted) return { kind: "interrupted", reason: "shutdown" };
    let throttled = false;
    try {
      if (this.#cancelled.delete(task.jobId)) return { kind: "cancelled" };
      return await this.model.run({
        ...task,
        onProgress: (progress) => {
          const signal = signalOfProgress(progress);
          if (signal) {
            if (signal.status === 429 || signal.status === 529) throttled = true;
            this.gate.observe(signal);
          }
          task.onProgress?.(progress);
        },
      });
    } finally {
      this.gate.release(!throttled);
    }
  }

  /** Stops a task in whichever lane holds it. */
  cancel(jobId: string): boolean {
    if (this.#waiting.has(jobId)) {
      this.#cancelled.add(jobId);
      return true;
    }
    return this.cpu.cancel(jobId) || this.model.cancel(jobId);
  }

  /** Closes both lanes (waiting model jobs end interrupted). */
  async close(drainMs = 0): Promise<void> {
    this.gate.close();
    await Promise.all([this.cpu.close(drainMs), this.model.close(drainMs)]);
  }
}

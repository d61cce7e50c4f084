/**
 * Two lanes in one worker process, by what a job waits on. CPU-bound jobs
 * (local checks, scripts) run in a pool sized by cores, memory and load;
 * model-bound jobs run in their own pool, many per sandboxed worker (they
 * share an agent and its permissions), admitted by a {@linkcode ModelGate}
 * whose ceiling of calls in flight follows the API's rate limits rather
 * than the core count. Admission is per call: a model job holds one call
 * slot from admission, gives it back while it waits out a `retry-after`
 * and asks the gate again before its next call, so calls in flight — not
 * jobs admitted before a throttle — stay under the lowered ceiling. A task's
 * lane is `task.lane` (the agent resolver sets it from the provider); none
 * means CPU.
 * @module
 */

import type { ModelGate } from "./model_gate.ts";
import type { CallSlotHost, PoolOutcome, PoolTask } from "./pool_task.ts";
import { type RateLimitSignal, signalOfProgress } from "./rate_limit_signal.ts";

/** Times a throttled model job queues at the gate again before its failure goes to the queue. */
export const THROTTLED_RERUNS = 10;

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
  /** Ends the retry-after wait of a throttled job early (cancel, close). */
  readonly #wakers = new Map<string, () => void>();
  #closed = false;
  #cpuInFlight = 0;
  /** Most CPU-lane jobs ever running at once (the model lane's is `gate.peak`). */
  cpuPeak = 0;

  constructor(lanes: { cpu: LanePool; model: LanePool; gate: ModelGate }) {
    this.cpu = lanes.cpu;
    this.model = lanes.model;
    this.gate = lanes.gate;
  }

  /**
   * Runs a task in its lane; a model task waits for the gate first. A model
   * job that failed retryably after being throttled (every model of its
   * chain answered 429/529) was over the API's limit, not broken: it waits
   * `retry-after` and queues at the (now lower) gate again, up to
   * {@linkcode THROTTLED_RERUNS} times, instead of going back to the queue.
   */
  async run(task: PoolTask): Promise<PoolOutcome> {
    if (task.lane !== "model") return await this.#runCpu(task);
    for (let rerun = 0;; rerun++) {
      const { outcome, throttle } = await this.#runModel(task);
      // Throttled itself, or failed (models cooling down) while the lane is being throttled.
      const limited = throttle !== undefined || this.gate.throttledRecently();
      const again = limited && outcome.kind === "failed" && outcome.retryable &&
        rerun < THROTTLED_RERUNS;
      if (!again) return outcome;
      // Jittered, so the jobs of one throttled wave do not come back as one wave.
      const waitMs = Math.max(1000, throttle?.retryAfterMs ?? 0) * (1 + Math.random());
      const stopped = await this.#wait(task.jobId, waitMs);
      if (stopped) return stopped;
    }
  }

  /** CPU-lane jobs running now. */
  get cpuInFlight(): number {
    return this.#cpuInFlight;
  }

  async #runCpu(task: PoolTask): Promise<PoolOutcome> {
    this.cpuPeak = Math.max(this.cpuPeak, ++this.#cpuInFlight);
    try {
      return await this.cpu.run(task);
    } finally {
      this.#cpuInFlight--;
    }
  }

  async #runModel(task: PoolTask): Promise<{ outcome: PoolOutcome; throttle?: RateLimitSignal }> {
    this.#waiting.add(task.jobId);
    const admitted = await this.gate.acquire();
    this.#waiting.delete(task.jobId);
    if (!admitted) return { outcome: { kind: "interrupted", reason: "shutdown" } };
    let throttle: RateLimitSignal | undefined;
    // The job holds one call slot from admission; it gives it back while it waits
    // (a retry-after) and asks again before its next call (see `CallSlotHost`).
    let held = true;
    let ended = false;
    /** Throttled since the slot was last taken: the ceiling must not grow on its return. */
    let throttledHolding = false;
    let asking: Promise<boolean> | undefined;
    const callSlot: CallSlotHost = {
      release: (clean) => {
        if (!held || ended) return; // a worker holds at most the one slot it was given
        held = false;
        this.gate.release(clean && !throttledHolding);
      },
      acquire: () => {
        if (held || ended) return Promise.resolve(!ended);
        asking ??= this.gate.acquire().then((granted) => {
          asking = undefined;
          if (!granted) return false;
          if (ended) {
            // The job ended while it waited (its worker died): the slot goes straight back.
            this.gate.release(true);
            return false;
          }
          held = true;
          throttledHolding = false;
          return true;
        });
        return asking;
      },
    };
    try {
      if (this.#cancelled.delete(task.jobId)) return { outcome: { kind: "cancelled" } };
      const outcome = await this.model.run({
        ...task,
        callSlot,
        onProgress: (progress) => {
          const signal = signalOfProgress(progress);
          if (signal) {
            if (signal.status === 429 || signal.status === 529) {
              throttle = signal;
              throttledHolding = true;
            }
            this.gate.observe(signal);
          }
          task.onProgress?.(progress);
        },
      });
      return { outcome, throttle };
    } finally {
      ended = true;
      if (held) this.gate.release(!throttledHolding);
    }
  }

  /** Sleeps before a throttled rerun; a cancel or the pool closing ends it early. */
  async #wait(jobId: string, ms: number): Promise<PoolOutcome | undefined> {
    this.#waiting.add(jobId);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wakers.set(jobId, () => (clearTimeout(timer), resolve()));
    });
    this.#wakers.delete(jobId);
    this.#waiting.delete(jobId);
    if (this.#cancelled.delete(jobId)) return { kind: "cancelled" };
    if (this.#closed) return { kind: "interrupted", reason: "shutdown" };
    return undefined;
  }

  /** Stops a task in whichever lane holds it. */
  cancel(jobId: string): boolean {
    if (this.#waiting.has(jobId)) {
      this.#cancelled.add(jobId);
      this.#wakers.get(jobId)?.();
      return true;
    }
    return this.cpu.cancel(jobId) || this.model.cancel(jobId);
  }

  /** Closes both lanes (waiting model jobs end interrupted). */
  async close(drainMs = 0): Promise<void> {
    this.#closed = true;
    this.gate.close();
    for (const wake of this.#wakers.values()) wake();
    await Promise.all([this.cpu.close(drainMs), this.model.close(drainMs)]);
  }
}

/**
 * Admission to the model lane: a job waiting on the Messages API starts
 * only once it holds a slot of the lane's {@linkcode LaneBudget} (each job
 * has at most one call in flight, so this bounds calls). The budget's
 * ceiling drops on the rate-limit signals the jobs relay and grows back as
 * jobs finish without being throttled; with a shared budget it is every
 * worker process's. Waiters are admitted first come, first served; while
 * some wait, the gate asks the budget again every `pollMs` (another
 * process may have given slots back).
 * @module
 */

import type { CeilingChange, RateLimitSignal } from "./aimd.ts";
import { type BudgetView, type LaneBudget, LocalBudget } from "./lane_budget.ts";

/** Options of {@linkcode ModelGate}. */
export interface ModelGateOptions {
  /** The configured ceiling of calls in flight (`lanes.model.maxInFlight`). */
  maxInFlight: number;
  /** Where the slots come from (default: this process alone). */
  budget?: LaneBudget;
  now?: () => number;
  /** How often waiters ask a shared budget again (default 50 ms). */
  pollMs?: number;
  /** Told about every drop of the ceiling (the worker emits `lane.ceiling.lowered`). */
  onLowered?: (change: CeilingChange) => void;
}

/**
 * A counting gate over an adaptive budget.
 *
 * @example
 * ```ts
 * const gate = new ModelGate({ maxInFlight: 64 });
 * if (await gate.acquire()) try { await callTheModel(); } finally { gate.release(true); }
 * ```
 */
export class ModelGate {
  readonly budget: LaneBudget;
  readonly #onLowered?: (change: CeilingChange) => void;
  readonly #pollMs: number;
  readonly #waiters: PromiseWithResolvers<boolean>[] = [];
  #inFlight = 0;
  #poll: ReturnType<typeof setTimeout> | undefined;
  /** Most jobs of this process ever in flight at once (benchmarks and tests). */
  peak = 0;

  constructor(options: ModelGateOptions) {
    this.budget = options.budget ?? new LocalBudget(options.maxInFlight, options.now);
    this.#onLowered = options.onLowered;
    this.#pollMs = options.pollMs ?? 50;
  }

  /** The configured ceiling. */
  get max(): number {
    return this.budget.max;
  }

  /** Jobs of this process in flight now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Jobs waiting for admission. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** The budget as every process sees it (ceiling, in flight, maximum). */
  view(): BudgetView {
    return this.budget.read();
  }

  /** Resolves true once the job may start (then {@linkcode release} it), false when closed. */
  acquire(): Promise<boolean> {
    if (this.#waiters.length === 0 && this.budget.take(1) === 1) {
      this.#admitted(1);
      return Promise.resolve(true);
    }
    const waiter = Promise.withResolvers<boolean>();
    this.#waiters.push(waiter);
    this.#schedulePoll();
    return waiter.promise;
  }

  /** A job left the lane; `clean`: it was not throttled (the ceiling grows). */
  release(clean: boolean): void {
    this.#inFlight--;
    this.budget.give(1, clean);
    this.#admitWaiting();
  }

  /** True when a call was throttled within the last `windowMs` (default 30 s). */
  throttledRecently(windowMs = 30_000): boolean {
    return this.budget.throttledRecently(windowMs);
  }

  /** Adapts the ceiling to a relayed rate-limit signal. */
  observe(signal: RateLimitSignal): void {
    const change = this.budget.observe(signal);
    if (change) this.#onLowered?.(change);
  }

  /** Turns every waiter away (the pool is closing). */
  close(): void {
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    for (const waiter of this.#waiters.splice(0)) waiter.resolve(false);
  }

  #admitWaiting(): void {
    if (this.#waiters.length === 0) return;
    const granted = this.budget.take(this.#waiters.length);
    this.#admitted(granted);
    for (const waiter of this.#waiters.splice(0, granted)) waiter.resolve(true);
    this.#schedulePoll();
  }

  #admitted(count: number): void {
    this.#inFlight += count;
    this.peak = Math.max(this.peak, this.#inFlight);
  }

  #schedulePoll(): void {
    if (this.#poll !== undefined || this.#waiters.length === 0) return;
    this.#poll = setTimeout(() => {
      this.#poll = undefined;
      try {
        this.#admitWaiting();
      } catch (error) {
        // The budget could not be read (queue.db locked past its busy timeout, damaged):
        // the waiting jobs fail with that error rather than the process.
        for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
      }
    }, this.#pollMs);
  }
}

/**
 * The budget of a model lane: how many jobs may be in flight against the
 * API and how that ceiling adapts. One interface, two homes: this process
 * alone ({@linkcode LocalBudget}), or every worker process of a project
 * through the queue database (`shared_budget.ts`), so two workers share
 * the API's limit instead of each believing it owns all of it.
 * @module
 */

import { AimdCeiling, type CeilingChange, type RateLimitSignal } from "./aimd.ts";

/** What every process of the budget sees now. */
export interface BudgetView {
  /** Jobs allowed in flight now (after adaptation). */
  ceiling: number;
  /** Jobs in flight, every process's. */
  inFlight: number;
  /** The configured ceiling (`lanes.model.maxInFlight`). */
  max: number;
  /** Worker processes holding slots. */
  holders: number;
}

/** A model lane's budget of slots. */
export interface LaneBudget {
  readonly max: number;
  /** Takes up to `wanted` slots for this process; returns how many it got (0 when full). */
  take(wanted: number): number;
  /** Gives `count` slots back; `clean`: the jobs were not throttled (the ceiling grows). */
  give(count: number, clean: boolean): void;
  /** Adapts the ceiling to a relayed signal; returns the change when it dropped. */
  observe(signal: RateLimitSignal): CeilingChange | undefined;
  /** True when a call was throttled within `windowMs`. */
  throttledRecently(windowMs: number): boolean;
  read(): BudgetView;
  close(): void;
}

/**
 * A budget held by this process alone.
 *
 * @example
 * ```ts
 * const budget = new LocalBudget(64);
 * budget.take(100); // 64
 * budget.give(1, true);
 * ```
 */
export class LocalBudget implements LaneBudget {
  readonly ceiling: AimdCeiling;
  readonly #now: () => number;
  #inFlight = 0;

  constructor(max: number, now: () => number = Date.now) {
    this.ceiling = new AimdCeiling({ max });
    this.#now = now;
  }

  get max(): number {
    return this.ceiling.max;
  }

  take(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.ceiling.value - this.#inFlight));
    this.#inFlight += granted;
    return granted;
  }

  give(count: number, clean: boolean): void {
    this.#inFlight = Math.max(0, this.#inFlight - count);
    if (clean) { for (let i = 0; i < count; i++) this.ceiling.succeeded(this.#now()); }
  }

  observe(signal: RateLimitSignal): CeilingChange | undefined {
    return this.ceiling.observe(signal, this.#now(), this.#inFlight);
  }

  throttledRecently(windowMs: number): boolean {
    return this.ceiling.throttledSince(this.#now(), windowMs);
  }

  read(): BudgetView {
    return {
      ceiling: this.ceiling.value,
      inFlight: this.#inFlight,
      max: this.max,
      holders: this.#inFlight > 0 ? 1 : 0,
    };
  }

  close(): void {}
}

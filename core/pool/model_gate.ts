/**
 * Admission to the model lane: a job waiting on the Messages API starts
 * only while fewer jobs than the lane's ceiling are in flight (each job has
 * at most one call in flight, so this bounds calls). The ceiling is an
 * {@linkcode AimdCeiling}: it drops on the rate-limit signals the jobs
 * relay and grows back as jobs finish without being throttled. Waiters are
 * admitted first come, first served.
 * @module
 */

import { AimdCeiling, type CeilingChange, type RateLimitSignal } from "./aimd.ts";

/** Options of {@linkcode ModelGate}. */
export interface ModelGateOptions {
  /** The configured ceiling of calls in flight (`lanes.model.maxInFlight`). */
  maxInFlight: number;
  now?: () => number;
  /** Told about every drop of the ceiling (the worker emits `lane.ceiling.lowered`). */
  onLowered?: (change: CeilingChange) => void;
}

/**
 * A counting gate with an adaptive ceiling.
 *
 * @example
 * ```ts
 * const gate = new ModelGate({ maxInFlight: 64 });
 * if (await gate.acquire()) try { await callTheModel(); } finally { gate.release(true); }
 * ```
 */
export class ModelGate {
  readonly ceiling: AimdCeiling;
  readonly #now: () => number;
  readonly #onLowered?: (change: CeilingChange) => void;
  readonly #waiters: ((admitted: boolean) => void)[] = [];
  #inFlight = 0;
  #lastThrottle = Number.NEGATIVE_INFINITY;
  /** Most jobs ever in flight at once (benchmarks and tests). */
  peak = 0;

  constructor(options: ModelGateOptions) {
    this.ceiling = new AimdCeiling({ max: options.maxInFlight });
    this.#now = options.now ?? Date.now;
    this.#onLowered = options.onLowered;
  }

  /** Jobs in flight now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Jobs waiting for admission. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves true once the job may start (then {@linkcode release} it), false when closed. */
  acquire(): Promise<boolean> {
    if (this.#waiters.length === 0 && this.#inFlight < this.ceiling.value) {
      this.#admitOne();
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** A job left the lane; `clean`: it was not throttled (the ceiling grows). */
  release(clean: boolean): void {
    this.#inFlight--;
    if (clean) this.ceiling.succeeded();
    this.#admitWaiting();
  }

  /** True when a call was throttled within the last `windowMs` (default 30 s). */
  throttledRecently(windowMs = 30_000): boolean {
    return this.#now() - this.#lastThrottle < windowMs;
  }

  /** Adapts the ceiling to a relayed rate-limit signal. */
  observe(signal: RateLimitSignal): void {
    if (signal.status === 429 || signal.status === 529) this.#lastThrottle = this.#now();
    const change = this.ceiling.observe(signal, this.#now());
    if (change) this.#onLowered?.(change);
  }

  /** Turns every waiter away (the pool is closing). */
  close(): void {
    for (const resolve of this.#waiters.splice(0)) resolve(false);
  }

  #admitWaiting(): void {
    while (this.#waiters.length > 0 && this.#inFlight < this.ceiling.value) {
      this.#admitOne();
      this.#waiters.shift()!(true);
    }
  }

  #admitOne(): void {
    this.#inFlight++;
    this.peak = Math.max(this.peak, this.#inFlight);
  }
}

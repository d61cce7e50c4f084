/**
 * The model lane's ceiling of calls in flight, adapted to the Messages API's
 * rate limits: additive increase while calls succeed with headroom left,
 * multiplicative decrease on a 429/529, and a cap at what the
 * `anthropic-ratelimit-requests-remaining` header says is left. A burst of
 * 429s from one wave of calls lowers the ceiling once (the decrease waits
 * for `retry-after`, or one second), so one overload does not collapse it.
 * Pure and clocked from outside: tests script the headers and the time.
 * @module
 */

/** What one model call told us about the rate limit (header values, when present). */
export interface RateLimitSignal {
  /** HTTP status: 429 (rate limited) and 529 (overloaded) lower the ceiling. */
  status?: number;
  retryAfterMs?: number | null;
  requestsRemaining?: number | null;
  /** When the request budget resets (epoch ms). */
  requestsReset?: number | null;
  tokensRemaining?: number | null;
}

/** A lowering of the ceiling and the signal that caused it. */
export interface CeilingChange {
  from: number;
  to: number;
  reason: "throttled" | "headroom";
  signal: RateLimitSignal;
}

/** Options of {@linkcode AimdCeiling}. */
export interface AimdOptions {
  /** The configured ceiling (the start and the maximum). */
  max: number;
  /** Lowest ceiling (default 1). */
  min?: number;
  /** Multiplicative decrease (default 0.7: keeps the average near the limit). */
  decrease?: number;
  /** Added per call that ended without a throttle (default 1). */
  increase?: number;
}

/**
 * An AIMD ceiling.
 *
 * @example
 * ```ts
 * const ceiling = new AimdCeiling({ max: 64 });
 * ceiling.observe({ status: 429, retryAfterMs: 1000 }, 0); // { from: 64, to: 44, ... }
 * ceiling.succeeded(); // 45
 * ```
 */
export class AimdCeiling {
  readonly max: number;
  readonly #min: number;
  readonly #decrease: number;
  readonly #increase: number;
  #value: number;
  /** No further decrease before this time (one per overload wave). */
  #calmUntil = Number.NEGATIVE_INFINITY;

  constructor(options: AimdOptions) {
    this.max = Math.max(1, options.max);
    this.#min = Math.max(1, options.min ?? 1);
    this.#decrease = options.decrease ?? 0.7;
    this.#increase = options.increase ?? 1;
    this.#value = this.max;
  }

  /** Calls allowed in flight now. */
  get value(): number {
    return Math.max(this.#min, Math.floor(this.#value));
  }

  /** A call (or job) ended without a throttle: grow additively up to the maximum. */
  succeeded(): number {
    this.#value = Math.min(this.max, this.#value + this.#increase);
    return this.value;
  }

  /** Adapts to one call's rate-limit signal at `now`; returns the change when the ceiling dropped. */
  observe(signal: RateLimitSignal, now: number): CeilingChange | undefined {
    const from = this.value;
    if (signal.status === 429 || signal.status === 529) {
      if (now < this.#calmUntil) return undefined;
      this.#calmUntil = now + Math.max(1000, signal.retryAfterMs ?? 0);
      this.#value = Math.max(this.#min, Math.floor(this.#value * this.#decrease));
      return this.#changed(from, "throttled", signal);
    }
    const remaining = signal.requestsRemaining;
    if (typeof remaining === "number" && remaining < this.#value) {
      // Never more in flight than the API says it will still take.
      this.#value = Math.max(this.#min, remaining);
      return this.#changed(from, "headroom", signal);
    }
    return undefined;
  }

  #changed(
    from: number,
    reason: CeilingChange["reason"],
    signal: RateLimitSignal,
  ): CeilingChange | undefined {
    return this.value < from ? { from, to: this.value, reason, signal } : undefined;
  }
}

/**
 * The model lane's ceiling of calls in flight, adapted to the Messages API's
 * rate limits. A 429/529 opens an overload window (`retry-after`, at least
 * one second) in which each throttled call takes one off what was admitted
 * when the window opened: 64 admitted and 48 throttled leaves 16, the number
 * the API actually served. One window never takes it below a quarter of the
 * ceiling it started from when that was the maximum (the first overload),
 * nor below 0.7 of it later: jobs admitted before a drop keep retrying inside
 * their sandboxes, and their 429s in a later window would otherwise count
 * the same excess again and collapse it below the limit. Calls that end
 * clean grow it back: by one per call while no throttle was seen recently,
 * by one per ceiling's worth of calls (one per round trip, as TCP's
 * congestion avoidance) after one, so the probe above the limit costs one
 * throttled call a round instead of a wave. A low
 * `anthropic-ratelimit-requests-remaining` caps it. Pure and clocked from
 * outside: tests script the headers and the time; its state is plain data
 * so several processes can share it (see `shared_budget.ts`).
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

/** The adaptive part of a ceiling, as plain numbers (stored by the shared budget). */
export interface AimdState {
  value: number;
  /** End of the current overload window (epoch ms). */
  calmUntil: number;
  /** Jobs admitted when the window opened, and throttles counted in it. */
  windowBase: number;
  windowThrottles: number;
  /** The ceiling when the window opened. */
  windowFrom: number;
  lastThrottle: number;
}

/** Options of {@linkcode AimdCeiling}. */
export interface AimdOptions {
  /** The configured ceiling (the start and the maximum). */
  max: number;
  /** Lowest ceiling (default 1). */
  min?: number;
  /** Lowest fraction of the maximum the first overload window can take the ceiling to (0.25). */
  floor?: number;
  /** Lowest fraction of its value any later window can take the ceiling to (default 0.7). */
  laterFloor?: number;
  /** Added per clean call while not recently throttled (default 1). */
  increase?: number;
  /** How long after a throttle growth stays cautious (default 30 s). */
  cautiousMs?: number;
  /** Restores a stored state (the shared budget). */
  state?: AimdState;
}

/**
 * An adaptive ceiling.
 *
 * @example
 * ```ts
 * const ceiling = new AimdCeiling({ max: 64 });
 * for (let i = 0; i < 48; i++) ceiling.observe({ status: 429, retryAfterMs: 1000 }, 0, 64);
 * ceiling.value; // 16
 * ceiling.succeeded(500); // 16.06…: cautious growth after a throttle
 * ```
 */
export class AimdCeiling {
  readonly max: number;
  readonly #min: number;
  readonly #floor: number;
  readonly #laterFloor: number;
  readonly #increase: number;
  readonly #cautiousMs: number;
  #s: AimdState;

  constructor(options: AimdOptions) {
    this.max = Math.max(1, options.max);
    this.#min = Math.max(1, options.min ?? 1);
    this.#floor = options.floor ?? 0.25;
    this.#laterFloor = options.laterFloor ?? 0.7;
    this.#increase = options.increase ?? 1;
    this.#cautiousMs = options.cautiousMs ?? 30_000;
    const fresh: AimdState = {
      value: this.max,
      calmUntil: Number.NEGATIVE_INFINITY,
      windowBase: 0,
      windowThrottles: 0,
      windowFrom: this.max,
      lastThrottle: Number.NEGATIVE_INFINITY,
    };
    this.#s = options.state ? { ...options.state } : fresh;
    this.#s.value = Math.min(this.max, Math.max(this.#min, this.#s.value));
  }

  /** Calls allowed in flight now. */
  get value(): number {
    return Math.max(this.#min, Math.floor(this.#s.value + 1e-9));
  }

  /** The state to store (a copy). */
  get state(): AimdState {
    return { ...this.#s };
  }

  /** True when a call was throttled within `windowMs` before `now`. */
  throttledSince(now: number, windowMs: number): boolean {
    return now - this.#s.lastThrottle < windowMs;
  }

  /** A call (or job) ended without a throttle at `now`: grow up to the maximum. */
  succeeded(now = Date.now()): number {
    const cautious = this.throttledSince(now, this.#cautiousMs);
    const step = cautious ? this.#increase / Math.max(1, this.#s.value) : this.#increase;
    this.#s.value = Math.min(this.max, this.#s.value + step);
    return this.value;
  }

  /**
   * Adapts to one call's rate-limit signal at `now`, with `admitted` jobs in
   * flight (every process's); returns the change when the ceiling dropped.
   */
  observe(signal: RateLimitSignal, now: number, admitted = this.value): CeilingChange | undefined {
    const from = this.value;
    const s = this.#s;
    if (signal.status === 429 || signal.status === 529) {
      s.lastThrottle = now;
      if (now >= s.calmUntil) {
        // A hostile or absurd retry-after must not hold one window open for ever (at most a minute).
        s.calmUntil = now + Math.min(60_000, Math.max(1000, signal.retryAfterMs || 0));
        s.windowBase = Math.max(1, admitted);
        s.windowThrottles = 0;
        s.windowFrom = s.value;
      }
      s.windowThrottles++;
      const fraction = s.windowFrom >= this.max ? this.#floor : this.#laterFloor;
      const lowest = Math.max(this.#min, Math.floor(s.windowFrom * fraction));
      const served = Math.max(lowest, s.windowBase - s.windowThrottles);
      s.value = Math.min(s.value, served);
      return this.#changed(from, "throttled", signal);
    }
    const remaining = signal.requestsRemaining;
    if (typeof remaining === "number" && remaining < s.value) {
      // Never more in flight than the API says it will still take.
      s.value = Math.max(this.#min, remaining);
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

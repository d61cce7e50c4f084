/**
 * A token-bucket rate limit: `capacity` tokens, refilled continuously at
 * `capacity` per `periodMs`. Each message takes one token; with none left it
 * is dropped (a hook never waits for a rate limit). The state can live in a
 * file under a lock so that short-lived processes (git hooks) share one
 * bucket per project.
 * @module
 */

import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { withFileLock } from "../../core/file_lock.ts";

/** A bucket's state. */
export interface BucketState {
  tokens: number;
  /** When `tokens` was last brought up to date (ms since the epoch). */
  updatedAt: number;
}

/** The state after refilling up to `now`. */
export function refill(
  state: BucketState,
  capacity: number,
  periodMs: number,
  now: number,
): BucketState {
  const elapsed = Math.max(0, now - state.updatedAt);
  return {
    tokens: Math.min(capacity, state.tokens + (elapsed * capacity) / periodMs),
    updatedAt: now,
  };
}

/** An in-memory token bucket. */
export class TokenBucket {
  #state: BucketState;

  /**
   * @example
   * ```ts
   * const bucket = new TokenBucket(20, 60_000);
   * if (bucket.take()) await post(message);
   * ```
   */
  constructor(
    readonly capacity: number,
    readonly periodMs: number,
    readonly now: () => number = Date.now,
  ) {
    this.#state = { tokens: capacity, updatedAt: now() };
  }

  /** Takes a token; false when none is left (the caller drops the message). */
  take(): boolean {
    this.#state = refill(this.#state, this.capacity, this.periodMs, this.now());
    if (this.#state.tokens < 1) return false;
    this.#state.tokens -= 1;
    return true;
  }
}

/**
 * Takes a token from a bucket stored in `path` (JSON, locked with
 * `path + ".lock"`), creating it full when missing or unreadable.
 */
export async function takeFromFile(
  path: string,
  capacity: number,
  periodMs: number,
  now: () => number = Date.now,
): Promise<boolean> {
  return await withFileLock(`${path}.lock`, async () => {
    let state: BucketState = { tokens: capacity, updatedAt: now() };
    try {
      const saved = JSON.parse(await Deno.readTextFile(path));
      if (typeof saved?.tokens === "number" && typeof saved?.updatedAt === "number") state = saved;
    } catch {
      // missing or torn state: start with a full bucket, as on first use
    }
    state = refill(state, capacity, periodMs, now());
    const allowed = state.tokens >= 1;
    if (allowed) state.tokens -= 1;
    await writeJsonAtomic(path, state);
    return allowed;
  });
}

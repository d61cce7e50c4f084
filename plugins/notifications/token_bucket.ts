/**
 * The notifications' rate limit on the core token bucket
 * (`core/resources/rate_limiter.ts`: `capacity` tokens refilled continuously
 * per `periodMs`, optionally shared through a locked file so short-lived
 * processes such as git hooks share one bucket per project). Only the policy
 * is ours: each message takes one token, and with none left it is dropped —
 * a hook never waits for a rate limit.
 * @module
 */

import { takeSharedToken, TokenBucket as CoreBucket } from "../../core/resources/rate_limiter.ts";

export { type BucketState, refill } from "../../core/resources/rate_limiter.ts";

/** An in-memory bucket whose `take` answers send (true) or drop (false). */
export class TokenBucket {
  readonly #bucket: CoreBucket;

  /**
   * @example
   * ```ts
   * const bucket = new TokenBucket(20, 60_000);
   * if (bucket.take()) await post(message);
   * ```
   */
  constructor(capacity: number, periodMs: number, now: () => number = Date.now) {
    this.#bucket = new CoreBucket(capacity, periodMs, now);
  }

  /** Takes a token; false when none is left (the caller drops the message). */
  take(): boolean {
    return this.#bucket.take().ok;
  }
}

/**
 * Takes a token from the bucket stored in `path` (created full when missing
 * or unreadable); false when none is left.
 */
export async function takeFromFile(
  path: string,
  capacity: number,
  periodMs: number,
  now: () => number = Date.now,
): Promise<boolean> {
  return (await takeSharedToken(path, capacity, periodMs, now)).ok;
}

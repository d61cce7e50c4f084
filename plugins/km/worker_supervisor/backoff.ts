/**
 * The supervisor's restart delay: bounded exponential backoff. A worker that
 * dies at once is restarted after 0.5 s, then 1 s, 2 s … up to 30 s; one that
 * ran for a minute counts as healthy, and the next crash starts from 0.5 s
 * again. Pure, so its schedule is tested without waiting.
 * @module
 */

/** The first restart delay. */
export const INITIAL_DELAY_MS = 500;
/** The longest restart delay. */
export const MAX_DELAY_MS = 30_000;
/** A worker that ran this long before dying resets the backoff. */
export const STABLE_AFTER_MS = 60_000;

/**
 * The delay before the next start, given the previous delay (undefined for
 * the first crash) and how long the worker that just died ran.
 *
 * @example
 * ```ts
 * nextDelay(undefined, 10); // 500
 * nextDelay(500, 10); // 1000
 * nextDelay(30_000, 10); // 30000
 * nextDelay(8_000, 120_000); // 500: it had been healthy
 * ```
 */
export function nextDelay(previousMs: number | undefined, ranMs: number): number {
  if (previousMs === undefined || ranMs >= STABLE_AFTER_MS) return INITIAL_DELAY_MS;
  return Math.min(previousMs * 2, MAX_DELAY_MS);
}

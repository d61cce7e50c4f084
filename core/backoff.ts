/**
 * Retry delays: exponential backoff with "equal jitter", so retries of many
 * jobs that failed together (a rate limit, an outage) spread out instead of
 * returning as a herd, while each still waits at least half its step.
 * @module
 */

/**
 * The delay before retry number `attempt` (1 = after the first failure):
 * `min(max, base * 2^(attempt-1))`, half of it fixed and half random.
 *
 * @example
 * ```ts
 * retryDelayMs(3, 1000, 60_000, () => 0.5); // 3000
 * ```
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

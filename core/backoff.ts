/**
 * Retry delays: exponential backoff, capped, with jitter so that many
 * clients or jobs that failed together (a rate limit, an outage) spread out
 * instead of returning as a herd. The one backoff of the program: the queue's
 * job retries and webhook posts use "equal" jitter (each retry still waits at
 * least half its step), the model router's retries "full" jitter.
 * @module
 */

/** How the random part of a delay is drawn from its step. */
export type Jitter = "equal" | "full";

/**
 * The delay before retry number `attempt` (1 = after the first failure).
 * The step is `min(max, base * 2^(attempt-1))`; "equal" jitter waits half
 * of it plus a random share of the other half, "full" jitter a random share
 * of all of it.
 *
 * @example
 * ```ts
 * backoffDelay(3, 1000, 60_000, "equal", () => 0.5); // 3000
 * backoffDelay(3, 500, 30_000, "full", () => 0.5); // 1000
 * ```
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  jitter: Jitter,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(jitter === "full" ? random() * step : step / 2 + (step / 2) * random());
}

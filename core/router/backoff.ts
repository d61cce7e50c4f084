/**
 * Exponential backoff with full jitter: a random delay in
 * `[0, min(max, base * 2^(attempt-1))]`, so many clients retrying at once
 * spread out instead of stampeding.
 * @module
 */

/**
 * The delay before retry number `attempt` (1-based).
 *
 * @example
 * ```ts
 * backoffDelay(3, 500, 30_000, Math.random); // somewhere in [0, 2000]
 * ```
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/**
 * Parses a `retry-after` header (seconds or an HTTP date) or
 * `retry-after-ms` into milliseconds; `null` when absent or unreadable.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number,
): number | null {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get("retry-after");
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

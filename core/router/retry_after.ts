/**
 * How long a provider asks to be left alone: its `retry-after` or
 * `retry-after-ms` header. (The backoff used when it does not say is
 * `core/backoff.ts`.)
 * @module
 */

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

/**
 * Parses the time arguments of `--since`/`--until`: epoch milliseconds, an
 * ISO date or date-time, or a duration before now (`30s`, `15m`, `2h`, `7d`).
 * @module
 */

import { UsageError } from "../errors.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Epoch milliseconds for `spec`, relative to `now` for durations.
 *
 * @example
 * ```ts
 * parseTimeSpec("15m", Date.now()); // 15 minutes ago
 * parseTimeSpec("2025-06-01T12:00:00Z", 0); // 1748779200000
 * ```
 */
export function parseTimeSpec(spec: string, now: number, flag = "--since"): number {
  const trimmed = spec.trim();
  if (/^\d{10,}$/.test(trimmed)) return Number(trimmed);
  const duration = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(trimmed);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]];
  if (/^\d{4}-\d\d-\d\d/.test(trimmed)) {
    const time = Date.parse(trimmed);
    if (Number.isFinite(time)) return time;
  }
  throw new UsageError(
    `${flag} "${spec}" is not a time`,
    `use epoch milliseconds, an ISO time (2025-06-01T12:00:00Z) or a duration ago (30s, 15m, 2h, 7d)`,
  );
}

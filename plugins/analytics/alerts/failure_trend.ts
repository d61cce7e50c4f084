/**
 * Predictive failure detection: an agent's (or provider's) recent failure
 * rate against the rate before it, alerting when the recent rate is both
 * above a floor and significantly higher (one-sided two-proportion test) —
 * which happens while failures are still interleaved with successes, before
 * a run of consecutive failures opens the circuit breaker.
 * @module
 */

import { proportionLower } from "../stats/tests.ts";

/** A failure-rate trend worth an alert. */
export interface FailureTrend {
  recent: { failures: number; total: number };
  baseline: { failures: number; total: number };
  pValue: number;
  evidence: string;
}

/**
 * `outcomes` newest first (true = succeeded); undefined when nothing trends up.
 *
 * @example
 * ```ts
 * failureTrend(newestFirst, { recentJobs: 20, baselineJobs: 100, minRate: 0.2, alpha: 0.01 });
 * ```
 */
export function failureTrend(
  outcomes: readonly boolean[],
  options: { recentJobs: number; baselineJobs: number; minRate: number; alpha: number },
): FailureTrend | undefined {
  const recent = outcomes.slice(0, options.recentJobs);
  const baseline = outcomes.slice(options.recentJobs, options.recentJobs + options.baselineJobs);
  if (recent.length < options.recentJobs || baseline.length < options.recentJobs) return undefined;
  const failed = (rows: readonly boolean[]) => rows.filter((ok) => !ok).length;
  const r = { failures: failed(recent), total: recent.length };
  const b = { failures: failed(baseline), total: baseline.length };
  if (r.failures / r.total < options.minRate) return undefined;
  const pValue = proportionLower(
    { successes: b.total - b.failures, total: b.total },
    { successes: r.total - r.failures, total: r.total },
  );
  if (pValue >= options.alpha) return undefined;
  return {
    recent: r,
    baseline: b,
    pValue,
    evidence: `${r.failures} of the last ${r.total} failed vs ${b.failures} of ${b.total} ` +
      `before (two-proportion p=${pValue.toExponential(2)})`,
  };
}

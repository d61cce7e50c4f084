/**
 * Performance regression detection: a new agent version (or a new model
 * id of the same tier) against the one before it, on comparable tasks (the
 * task kinds both have run). Latency and cost are compared with one-sided
 * Mann–Whitney U tests, success with a one-sided two-proportion test; the
 * false-alarm bound `alpha` is split over the three (Bonferroni), with a
 * fourth share kept in reserve for the error of the normal approximations
 * at small samples, so a comparison of two samples of one distribution
 * alarms with probability below `alpha`. A metric also has to be worse by a margin that matters
 * (`minEffect`: medians 10 % higher, success 5 points lower), so a large
 * history does not alarm on a difference nobody would act on.
 * @module
 */

import { median } from "../stats/percentile.ts";
import { mannWhitneyGreater, proportionLower } from "../stats/tests.ts";

/** One outcome as the comparison reads it. */
export interface ComparedOutcome {
  kind: string;
  ok: boolean;
  latencyMs: number;
  costUsd: number;
}

/** A detected regression and its evidence. */
export interface Regression {
  /** What got worse: latency, cost or success. */
  metrics: ("latency" | "cost" | "success")[];
  evidence: string[];
  pValues: { latency: number; cost: number; success: number };
  samples: { before: number; after: number };
}

/**
 * Compares `after` (the new version's outcomes) with `before`; undefined
 * when there is too little to compare or nothing is significantly worse.
 *
 * @example
 * ```ts
 * detectRegression(oldRows, newRows, { alpha: 0.01, minSamples: 20 });
 * ```
 */
export function detectRegression(
  before: readonly ComparedOutcome[],
  after: readonly ComparedOutcome[],
  options: { alpha: number; minSamples: number; minEffect?: number },
): Regression | undefined {
  const effect = options.minEffect ?? 0.1;
  const kinds = new Set(after.map((o) => o.kind));
  const shared = new Set(before.filter((o) => kinds.has(o.kind)).map((o) => o.kind));
  const a = before.filter((o) => shared.has(o.kind));
  const b = after.filter((o) => shared.has(o.kind));
  if (a.length < options.minSamples || b.length < options.minSamples) return undefined;
  const pValues = {
    latency: mannWhitneyGreater(a.map((o) => o.latencyMs), b.map((o) => o.latencyMs)),
    cost: mannWhitneyGreater(a.map((o) => o.costUsd), b.map((o) => o.costUsd)),
    success: proportionLower(
      { successes: a.filter((o) => o.ok).length, total: a.length },
      { successes: b.filter((o) => o.ok).length, total: b.length },
    ),
  };
  const each = options.alpha / 4;
  const rate = (rows: readonly ComparedOutcome[]) => rows.filter((o) => o.ok).length / rows.length;
  const grew = (pick: (o: ComparedOutcome) => number) =>
    (median(b.map(pick)) ?? 0) >= (median(a.map(pick)) ?? 0) * (1 + effect);
  const matters = {
    latency: grew((o) => o.latencyMs),
    cost: grew((o) => o.costUsd),
    success: rate(a) - rate(b) >= effect / 2,
  };
  const metrics = (["latency", "cost", "success"] as const).filter((m) =>
    pValues[m] < each && matters[m]
  );
  if (metrics.length === 0) return undefined;
  const evidence = metrics.map((metric) => {
    const p = pValues[metric].toExponential(2);
    if (metric === "success") {
      const count = (rows: readonly ComparedOutcome[]) =>
        `${rows.filter((o) => o.ok).length} of ${rows.length}`;
      return `success: ${count(b)} succeeded vs ${count(a)} before (two-proportion p=${p})`;
    }
    const pick = (o: ComparedOutcome) => metric === "latency" ? o.latencyMs : o.costUsd;
    const show = (v: number | null) =>
      v === null ? "-" : metric === "latency" ? `${Math.round(v)} ms` : `$${v.toFixed(4)}`;
    return `${metric}: median ${show(median(b.map(pick)))} vs ${show(median(a.map(pick)))} ` +
      `before (n=${b.length} vs ${a.length}, Mann-Whitney p=${p})`;
  });
  return { metrics, evidence, pValues, samples: { before: a.length, after: b.length } };
}

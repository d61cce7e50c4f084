/**
 * The two significance tests the alerts use: the Mann–Whitney U test
 * (one-sided, normal approximation with tie and continuity corrections) for
 * "the new sample is larger" on latency and cost, and the one-sided
 * two-proportion z-test for "the new rate is lower". Both return a p-value.
 * @module
 */

/** The standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; error below 2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 +
            t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * One-sided Mann–Whitney U: the p-value of "`after` tends to be larger than `before`".
 *
 * @example
 * ```ts
 * mannWhitneyGreater([1, 2, 3], [7, 8, 9]); // small
 * ```
 */
export function mannWhitneyGreater(before: readonly number[], after: readonly number[]): number {
  const n1 = before.length;
  const n2 = after.length;
  if (n1 === 0 || n2 === 0) return 1;
  const all = [
    ...before.map((value) => ({ value, after: false })),
    ...after.map((value) => ({ value, after: true })),
  ].sort((a, b) => a.value - b.value);
  const n = all.length;
  let rankAfter = 0;
  let ties = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && all[j + 1].value === all[i].value) j++;
    const rank = (i + j + 2) / 2; // ranks are 1-based; tied values share the mean rank
    const size = j - i + 1;
    ties += size ** 3 - size;
    for (let k = i; k <= j; k++) if (all[k].after) rankAfter += rank;
    i = j + 1;
  }
  const u = rankAfter - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * ((n + 1) - ties / (n * (n - 1)));
  if (variance <= 0) return 1;
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return 1 - normalCdf(z);
}

/**
 * One-sided two-proportion z-test: the p-value of "the rate `after` is lower than `before`".
 *
 * @example
 * ```ts
 * proportionLower({ successes: 48, total: 50 }, { successes: 30, total: 50 }); // small
 * ```
 */
export function proportionLower(
  before: { successes: number; total: number },
  after: { successes: number; total: number },
): number {
  if (before.total === 0 || after.total === 0) return 1;
  const p1 = before.successes / before.total;
  const p2 = after.successes / after.total;
  const pooled = (before.successes + after.successes) / (before.total + after.total);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / before.total + 1 / after.total));
  if (se === 0) return 1;
  return 1 - normalCdf((p1 - p2) / se);
}

import assert from "node:assert/strict";
import {
  type ComparedOutcome,
  detectRegression,
} from "../../../plugins/analytics/alerts/regression.ts";
import { failureTrend } from "../../../plugins/analytics/alerts/failure_trend.ts";
import {
  mannWhitneyGreater,
  normalCdf,
  proportionLower,
} from "../../../plugins/analytics/stats/tests.ts";
import {
  normal,
  type Random,
  seededRandom,
} from "../../../plugins/analytics/stats/seeded_random.ts";

const ALPHA = 0.05;
const options = { alpha: ALPHA, minSamples: 20 };

/** Log-normal latencies around `medianMs`, cost around `cost`, success with probability `p`. */
function sample(
  random: Random,
  n: number,
  medianMs: number,
  p: number,
  cost = 0.01,
): ComparedOutcome[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: i % 3 === 0 ? "review" : "fix",
    ok: random() < p,
    latencyMs: Math.round(medianMs * Math.exp(0.4 * normal(random))),
    costUsd: +(cost * Math.exp(0.3 * normal(random))).toFixed(5),
  }));
}

Deno.test("statistics: the normal CDF and both tests on known cases", () => {
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
  assert.ok(mannWhitneyGreater([1, 2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16, 17, 18]) < 0.001);
  assert.ok(mannWhitneyGreater([11, 12, 13, 14, 15, 16, 17, 18], [1, 2, 3, 4, 5, 6, 7, 8]) > 0.999);
  assert.equal(mannWhitneyGreater([5, 5, 5], [5, 5, 5]), 1, "all ties: no evidence");
  assert.equal(mannWhitneyGreater([], [1]), 1);
  assert.ok(proportionLower({ successes: 48, total: 50 }, { successes: 30, total: 50 }) < 0.001);
  assert.equal(proportionLower({ successes: 50, total: 50 }, { successes: 50, total: 50 }), 1);
});

Deno.test("regression: fires on a seeded slower version, with the evidence", () => {
  const random = seededRandom(2026);
  const before = sample(random, 60, 1000, 0.95);
  const after = sample(random, 60, 1400, 0.95);
  const found = detectRegression(before, after, options);
  assert.ok(found, "a 40% slower version is detected");
  assert.ok(found.metrics.includes("latency"));
  assert.ok(!found.metrics.includes("cost"));
  assert.match(
    found.evidence[0],
    /^latency: median \d+ ms vs \d+ ms before \(n=60 vs 60, Mann-Whitney p=/,
  );
});

Deno.test("regression: a less successful and a costlier version are detected too; too few samples never alarm", () => {
  const random = seededRandom(7);
  const worse = detectRegression(
    sample(random, 80, 1000, 0.97),
    sample(random, 80, 1000, 0.7),
    options,
  );
  assert.deepEqual(worse?.metrics, ["success"]);
  const costly = detectRegression(
    sample(random, 80, 1000, 0.95, 0.01),
    sample(random, 80, 1000, 0.95, 0.02),
    options,
  );
  assert.deepEqual(costly?.metrics, ["cost"]);
  assert.equal(
    detectRegression(sample(random, 10, 1000, 0.9), sample(random, 10, 9000, 0.1), options),
    undefined,
  );
  // Tasks of a kind the old version never ran are not comparable.
  const other = sample(random, 60, 9000, 0.2).map((o) => ({ ...o, kind: "docs" }));
  assert.equal(detectRegression(sample(random, 60, 1000, 0.95), other, options), undefined);
});

function falseAlarms(alpha: number, runs: number): number {
  let alarms = 0;
  for (let run = 0; run < runs; run++) {
    const random = seededRandom(10_000 + run);
    const found = detectRegression(sample(random, 40, 1000, 0.9), sample(random, 40, 1000, 0.9), {
      alpha,
      minSamples: 20,
    });
    if (found) alarms++;
  }
  return alarms;
}

for (const alpha of [0.05, 0.01]) {
  Deno.test(`regression: the false-alarm rate on same-distribution noise is below alpha ${alpha} with margin (4,000 seeded runs)`, () => {
    const runs = 4000;
    const alarms = falseAlarms(alpha, runs);
    const rate = alarms / runs;
    const sd = Math.sqrt(alpha * (1 - alpha) / runs);
    console.log(
      `false alarms at alpha ${alpha}: ${alarms} of ${runs} (${(rate * 100).toFixed(2)}%)`,
    );
    // Margin: two binomial standard deviations of a detector whose true rate were alpha.
    assert.ok(rate < alpha - 2 * sd, `false-alarm rate ${rate} (bound ${alpha - 2 * sd})`);
    assert.ok(alarms > 0, "not vacuous: noise does alarm sometimes");
  });
}

Deno.test("failure trend: alerts while failures are still interleaved, before 5 consecutive failures open a circuit", () => {
  const options = { recentJobs: 20, baselineJobs: 100, minRate: 0.2, alpha: 0.01 };
  // Oldest first: 100 jobs at ~3% failures, then failures creeping up, never 5 in a row.
  const history: boolean[] = [];
  for (let i = 0; i < 100; i++) history.push(i % 33 !== 0);
  const creeping = [
    true,
    false,
    true,
    true,
    false,
    true,
    false,
    false,
    true,
    false,
    true,
    false,
    false,
    true,
    false,
    false,
    true,
    false,
    false,
    false,
  ];
  let firedAt = -1;
  let longestRun = 0;
  let run = 0;
  for (let i = 0; i < creeping.length; i++) {
    history.push(creeping[i]);
    run = creeping[i] ? 0 : run + 1;
    longestRun = Math.max(longestRun, run);
    if (failureTrend([...history].reverse(), options)) {
      firedAt = i;
      break;
    }
  }
  assert.ok(firedAt >= 0, "the trend alert fired");
  assert.ok(longestRun < 5, `no 5 consecutive failures yet (longest ${longestRun})`);
  const trend = failureTrend([...history].reverse(), options)!;
  assert.match(
    trend.evidence,
    /^\d+ of the last 20 failed vs \d+ of \d+ before \(two-proportion p=/,
  );
  // A steady 3% failure rate never alerts.
  const steady = Array.from({ length: 120 }, (_, i) => i % 33 !== 0);
  assert.equal(failureTrend(steady, options), undefined);
});

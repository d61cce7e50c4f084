/**
 * The `analytics` report from the outcome history, grouped by agent, model,
 * kind, tier or version: jobs, success rate, latency p50/p95, cost in
 * total, per job and per successful task, fallback and retry rates, and
 * the trend (success rate of the window's second half minus its first).
 * One aggregate query per report, plus one ordered read of the latencies
 * for the percentiles.
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import { SUCCESS_SQL } from "../history/outcome_store.ts";
import { percentileSorted } from "../stats/percentile.ts";

/** What a report can be grouped by. */
export const GROUPINGS = ["agent", "model", "kind", "tier", "version"] as const;
/** A grouping. */
export type Grouping = typeof GROUPINGS[number];

/** One group's figures. */
export interface GroupFigures {
  group: string;
  jobs: number;
  successes: number;
  successRate: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  costUsd: number;
  costPerJobUsd: number;
  costPerSuccessUsd: number | null;
  fallbackRate: number;
  retryRate: number;
  /** Success rate of the window's second half minus its first (null: a half is empty). */
  trend: number | null;
}

/** A whole report. */
export interface AnalyticsReport {
  since: number;
  until: number;
  by: Grouping;
  totals: { jobs: number; successes: number; costUsd: number };
  groups: GroupFigures[];
}

/**
 * Builds the report of outcomes finished in `[since, until]`.
 *
 * @example
 * ```ts
 * analyticsReport(store.db, { since: Date.now() - 7 * 86_400_000, until: Date.now(), by: "agent" });
 * ```
 */
export function analyticsReport(
  db: DatabaseSync,
  options: { since: number; until: number; by: Grouping },
): AnalyticsReport {
  const { since, until, by } = options;
  const column = `coalesce(${by}, '(unknown)')`;
  const middle = Math.floor((since + until) / 2);
  const rows = db.prepare(
    `SELECT ${column} AS grp, count(*) AS jobs, sum(${SUCCESS_SQL}) AS ok, sum(cost_usd) AS cost,
       sum(fallbacks > 0) AS fell, sum(retries > 0) AS retried,
       sum(finished_at < ?) AS first_n, sum(CASE WHEN finished_at < ? THEN ${SUCCESS_SQL} END) AS first_ok,
       sum(finished_at >= ?) AS second_n, sum(CASE WHEN finished_at >= ? THEN ${SUCCESS_SQL} END) AS second_ok
     FROM outcomes WHERE finished_at >= ? AND finished_at <= ? GROUP BY grp ORDER BY jobs DESC`,
  ).all(middle, middle, middle, middle, since, until) as Record<string, number | string | null>[];
  const latencies = new Map<string, number[]>();
  for (
    const row of db.prepare(
      `SELECT ${column} AS grp, latency_ms FROM outcomes WHERE finished_at >= ? AND finished_at <= ?`,
    ).iterate(since, until) as Iterable<{ grp: string; latency_ms: number }>
  ) {
    const list = latencies.get(row.grp);
    if (list) list.push(row.latency_ms);
    else latencies.set(row.grp, [row.latency_ms]);
  }
  const groups = rows.map((row): GroupFigures => {
    const group = String(row.grp);
    const jobs = Number(row.jobs);
    const successes = Number(row.ok ?? 0);
    const cost = Number(row.cost ?? 0);
    const sorted = Float64Array.from(latencies.get(group) ?? []).sort();
    const firstN = Number(row.first_n ?? 0);
    const secondN = Number(row.second_n ?? 0);
    return {
      group,
      jobs,
      successes,
      successRate: successes / jobs,
      latencyP50Ms: percentileSorted(sorted as unknown as number[], 50),
      latencyP95Ms: percentileSorted(sorted as unknown as number[], 95),
      costUsd: cost,
      costPerJobUsd: cost / jobs,
      costPerSuccessUsd: successes ? cost / successes : null,
      fallbackRate: Number(row.fell ?? 0) / jobs,
      retryRate: Number(row.retried ?? 0) / jobs,
      trend: firstN && secondN
        ? Number(row.second_ok ?? 0) / secondN - Number(row.first_ok ?? 0) / firstN
        : null,
    };
  });
  return {
    since,
    until,
    by,
    totals: {
      jobs: groups.reduce((n, g) => n + g.jobs, 0),
      successes: groups.reduce((n, g) => n + g.successes, 0),
      costUsd: groups.reduce((n, g) => n + g.costUsd, 0),
    },
    groups,
  };
}

/** The report as a text table. */
export function formatReport(report: AnalyticsReport): string {
  if (report.groups.length === 0) {
    return "no finished jobs in this window (the history fills as `super-agents worker` runs jobs)\n";
  }
  const pct = (v: number | null) => v === null ? "-" : `${(v * 100).toFixed(1)}%`;
  const ms = (v: number | null) => v === null ? "-" : `${Math.round(v)}`;
  const usd = (v: number | null) => v === null ? "-" : `$${v.toFixed(4)}`;
  const trend = (v: number | null) =>
    v === null ? "-" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}pt`;
  const header = [
    report.by,
    "jobs",
    "success",
    "p50 ms",
    "p95 ms",
    "cost",
    "per success",
    "fallback",
    "retry",
    "trend",
  ];
  const lines = report.groups.map((g) => [
    g.group,
    String(g.jobs),
    pct(g.successRate),
    ms(g.latencyP50Ms),
    ms(g.latencyP95Ms),
    usd(g.costUsd),
    usd(g.costPerSuccessUsd),
    pct(g.fallbackRate),
    pct(g.retryRate),
    trend(g.trend),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const { totals } = report;
  return [
    row(header),
    ...lines.map(row),
    "",
    `${totals.jobs} jobs, ${totals.successes} succeeded (${
      pct(totals.successes / totals.jobs)
    }), ` +
    `$${totals.costUsd.toFixed(4)} in total`,
    "",
  ].join("\n");
}

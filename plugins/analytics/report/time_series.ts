/**
 * The dashboard charts' data from the outcome history, per time bucket
 * (an hour for windows up to two days, else a day): throughput (jobs
 * finished), queue depth (jobs waiting — enqueued, not yet started — at
 * each bucket's end, rebuilt from the recorded enqueue and start times),
 * latency p50/p95, cost, and the success rate of the busiest agents.
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import { SUCCESS_SQL } from "../history/outcome_store.ts";
import { percentile } from "../stats/percentile.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The most rows one chart read takes (the newest first). */
export const MAX_CHART_ROWS = 200_000;

/** The series of one chart page. */
export interface ChartSeries {
  since: number;
  until: number;
  bucketMs: number;
  /** Bucket starts, in seconds (uPlot's x values). */
  times: number[];
  throughput: number[];
  queueDepth: number[];
  latencyP50Ms: (number | null)[];
  latencyP95Ms: (number | null)[];
  costUsd: number[];
  success: { agent: string; rates: (number | null)[] }[];
}

/**
 * The series for `[since, until]`.
 *
 * @example
 * ```ts
 * chartSeries(store.db, { since: Date.now() - 7 * 86_400_000, until: Date.now() });
 * ```
 */
export function chartSeries(
  db: DatabaseSync,
  options: { since: number; until: number; agents?: number },
): ChartSeries {
  const bucketMs = options.until - options.since <= 2 * DAY ? HOUR : DAY;
  const since = Math.floor(options.since / bucketMs) * bucketMs;
  const count = Math.max(1, Math.ceil((options.until - since) / bucketMs));
  const rows = db.prepare(
    `SELECT agent, ${SUCCESS_SQL} AS ok, latency_ms, cost_usd, enqueued_at, started_at, finished_at
     FROM outcomes WHERE finished_at >= ? AND finished_at <= ? ORDER BY finished_at DESC LIMIT ?`,
  ).all(since, options.until, MAX_CHART_ROWS) as {
    agent: string;
    ok: number;
    latency_ms: number;
    cost_usd: number;
    enqueued_at: number;
    started_at: number;
    finished_at: number;
  }[];
  const bucketOf = (at: number) => Math.min(count - 1, Math.floor((at - since) / bucketMs));
  const throughput = new Array(count).fill(0);
  const costUsd = new Array(count).fill(0);
  const latencies: number[][] = Array.from({ length: count }, () => []);
  const byAgent = new Map<string, { ok: number[]; total: number[]; jobs: number }>();
  for (const row of rows) {
    const b = bucketOf(row.finished_at);
    throughput[b]++;
    costUsd[b] += row.cost_usd;
    latencies[b].push(row.latency_ms);
    let agent = byAgent.get(row.agent);
    if (!agent) {
      agent = { ok: new Array(count).fill(0), total: new Array(count).fill(0), jobs: 0 };
      byAgent.set(row.agent, agent);
    }
    agent.jobs++;
    agent.total[b]++;
    agent.ok[b] += row.ok;
  }
  // Queue depth at each bucket's end: +1 at enqueue, -1 at start, swept in time order.
  const changes = rows.flatMap((r) => [[r.enqueued_at, 1], [r.started_at, -1]] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const queueDepth: number[] = [];
  let depth = 0;
  let next = 0;
  for (let b = 0; b < count; b++) {
    const end = since + (b + 1) * bucketMs;
    while (next < changes.length && changes[next][0] < end) depth += changes[next++][1];
    queueDepth.push(depth);
  }
  const agents = [...byAgent.entries()].sort((a, b) => b[1].jobs - a[1].jobs)
    .slice(0, options.agents ?? 5);
  return {
    since,
    until: options.until,
    bucketMs,
    times: Array.from({ length: count }, (_, b) => (since + b * bucketMs) / 1000),
    throughput,
    queueDepth,
    latencyP50Ms: latencies.map((l) => percentile(l, 50)),
    latencyP95Ms: latencies.map((l) => percentile(l, 95)),
    costUsd: costUsd.map((c) => +c.toFixed(6)),
    success: agents.map(([agent, a]) => ({
      agent,
      rates: a.total.map((total, b) => (total ? a.ok[b] / total : null)),
    })),
  };
}

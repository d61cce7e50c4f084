/**
 * Observability benchmarks, each next to a reference measured in the same run:
 * - `withSpan` with OpenTelemetry off (this process has no `OTEL_DENO`) vs a
 *   direct call of the same async function: the cost tracing adds when off;
 * - one `/metrics` scrape of a project with 10,000 jobs (queue.db read,
 *   ledger, event log, rendering) vs `status`'s job count on the same queue;
 * - one dashboard snapshot of the same project vs the same reference.
 * Goals: under 100 ns per span with OTel off; a scrape well under Prometheus's
 * default 10 s scrape timeout (target: under 50 ms at 10,000 jobs).
 * @module
 */

import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { createContext } from "../../core/context.ts";
import { KmMetrics } from "../../plugins/km/metrics.ts";
import { ProjectObserver } from "../../plugins/km/project_observer.ts";
import { queueSummary } from "../../plugins/km/project_status.ts";
import { dashboardSnapshot } from "../../plugins/km/dashboard/snapshot.ts";
import { projectPaths } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { openQueueDatabase } from "../../core/queue/sqlite_db.ts";
import { telemetryEnabled, withSpan } from "../../core/telemetry.ts";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

// 1. Span overhead with OTel off.
if (telemetryEnabled()) throw new Error("run this benchmark without OTEL_DENO");
const calls = 1_000_000;
const work = () => Promise.resolve(1);
const timeLoop = async (fn: () => Promise<number>) => {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return ((performance.now() - started) * 1e6) / calls;
};
await timeLoop(work); // warm up
const direct = await timeLoop(work);
const spanned = await timeLoop(() => withSpan("bench", { "super_agents.agent": "x" }, work));
console.log(
  `withSpan, OTel off: ${spanned.toFixed(1)} ns/call vs direct call ${direct.toFixed(1)} ns/call ` +
    `(+${(spanned - direct).toFixed(1)} ns)`,
);

// 2 and 3. A project with 10,000 jobs.
const root = await Deno.makeTempDir({ prefix: "observability-bench-" });
const paths = projectPaths(root);
await Deno.mkdir(paths.events, { recursive: true });
const queue = await openQueue(paths, defaultConfig());
const agents = ["reviewer", "developer", "tester", "security"];
for (let batch = 0; batch < 10; batch++) {
  await queue.enqueueMany(Array.from({ length: 1000 }, (_, i) => ({
    agent: agents[i % agents.length],
    priority: (["critical", "high", "normal", "low"] as const)[i % 4],
  })));
}
await queue.close();
const db = openQueueDatabase(paths);
const now = Date.now();
// Finish 70 % of them with durations from 0.1 s to 100 s (a scrape's worst case: many histograms).
db.exec(
  `UPDATE jobs SET state = 'succeeded', started_at = ${now - 200_000},
     finished_at = ${now - 200_000} + (seq % 1000) * 100 WHERE seq % 10 < 7`,
);
db.close();
const observer = new ProjectObserver(paths);
const metrics = new KmMetrics();
const gauges = {
  uptimeSeconds: 1,
  counts: {},
  cache: { hits: 0, misses: 0, size: 0 },
  rssBytes: 1,
};
const time = (fn: () => unknown) => {
  const started = performance.now();
  fn();
  return performance.now() - started;
};
const timeAsync = async (fn: () => Promise<unknown>) => {
  const started = performance.now();
  await fn();
  return performance.now() - started;
};
const scrape = () => metrics.render(gauges, observer.observe(Date.now()));
const bytes = scrape().length;
const scrapes = Array.from({ length: 20 }, () => time(scrape));
const counts: number[] = [];
const statusCtx = createContext({ cwd: root, dataHome: join(root, "data"), env: () => undefined });
for (let i = 0; i < 20; i++) {
  counts.push(await timeAsync(() => queueSummary(statusCtx, paths)));
}
const sources = {
  ctx: { home: root, dataHome: join(root, "data") },
  paths,
  observer,
  km: { pid: Deno.pid, port: 1, version: "bench", startedAt: now },
  measureHost: () => ({}),
};
const snapshots: number[] = [];
for (let i = 0; i < 20; i++) {
  snapshots.push(await timeAsync(() => dashboardSnapshot(sources, Date.now())));
}
console.log(
  `/metrics scrape, 10,000 jobs: ${median(scrapes).toFixed(2)} ms (${bytes} bytes) vs ` +
    `status's job count ${median(counts).toFixed(2)} ms`,
);
console.log(
  `dashboard snapshot, 10,000 jobs: ${median(snapshots).toFixed(2)} ms vs ` +
    `status's job count ${median(counts).toFixed(2)} ms`,
);
await Deno.remove(root, { recursive: true });

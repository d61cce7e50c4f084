/**
 * Analytics benchmarks, each next to a reference measured in the same run:
 * - the adaptive router's decision per job (evidence of three tiers from
 *   the outcome history, the policy, the decision row written) at 100,000
 *   history rows, as the overhead it adds to `routeAgent`, next to the same
 *   rows read by a plain indexed SELECT and to `routeAgent` without it.
 *   Goal: at most 1 ms per job.
 * - the same with lessons (2,000 in the KM, the best 3 given per task).
 * - a real `worker --once` running 300 reviewer-agent jobs against the fake
 *   Messages API (no model latency, so the main thread's work shows) with
 *   the history, routing and lessons on, next to the same with them off.
 * - the `analytics` report (grouped by agent: counts, rates, costs, trend,
 *   latency p50/p95) over 1,000,000 rows, next to a plain indexed SELECT
 *   of the same rows' latencies (the least any report of them must read).
 *   Goal: at most 3× that reference.
 * - the analytics families the KM's `/metrics` gets (open alerts, burn
 *   rates of 20 agents' SLOs) over those rows, next to the same 6 hours of
 *   rows read by a plain indexed SELECT. Goal: at most 50 ms a scrape.
 * @module
 */

import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { routeAgent } from "../../core/router/route.ts";
import { defaults } from "../../plugins/analytics/config.ts";
import {
  historyPath,
  openOutcomeStore,
  type OutcomeStore,
} from "../../plugins/analytics/history/outcome_store.ts";
import { analyticsReport } from "../../plugins/analytics/report/analytics_report.ts";
import { adaptiveChooser } from "../../plugins/analytics/routing/tier_chooser.ts";
import { openLessonBook } from "../../plugins/analytics/lessons/open_lesson_book.ts";
import { projectPaths } from "../../core/paths.ts";
import { createContext } from "../../core/context.ts";
import { createMount } from "../../plugins/analytics/km/mount.ts";
import type { KmMountContext } from "../../plugins/km/mounts.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { createSandbox } from "../../tests/support/cli.ts";
import { startFakeAnthropic, text } from "../../tests/support/fake_anthropic.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const NOW = Date.now();
const DAY = 86_400_000;

/** `rows` outcomes over the last 30 days: 20 agents × 8 kinds × 3 tiers, ~90 % succeeded. */
function fill(store: OutcomeStore, rows: number): void {
  store.db.exec(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows - 1})
    INSERT INTO outcomes (job_id, agent, version, provider, model, tier, kind, turns, tokens,
      cost_usd, latency_ms, outcome, retries, fallbacks, enqueued_at, started_at, finished_at)
    SELECT 'job_' || i, 'agent-' || (i % 20), 'v' || (i % 3), 'anthropic',
      CASE i % 3 WHEN 0 THEN 'claude-haiku' WHEN 1 THEN 'claude-sonnet' ELSE 'claude-opus' END,
      CASE i % 3 WHEN 0 THEN 'haiku' WHEN 1 THEN 'sonnet' ELSE 'opus' END,
      CASE (i / 20) % 8 WHEN 0 THEN 'review' WHEN 1 THEN 'fix' WHEN 2 THEN 'test' WHEN 3 THEN 'design'
        WHEN 4 THEN 'docs' WHEN 5 THEN 'refactor' WHEN 6 THEN 'security' ELSE 'feature' END,
      1 + i % 7, 1000 + i % 5000, (i % 100) / 1000.0, 200 + (i * 7919) % 60000,
      CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' END, i % 11 = 0, i % 13 = 0,
      ${NOW} - (i * ${Math.floor((30 * DAY) / rows)}) - 2000,
      ${NOW} - (i * ${Math.floor((30 * DAY) / rows)}) - 1000,
      ${NOW} - (i * ${Math.floor((30 * DAY) / rows)})
    FROM n`);
}

const dir = await Deno.makeTempDir({ prefix: "analytics-bench-" });
try {
  // 1. Routing decision overhead at 100,000 rows.
  const store = openOutcomeStore(join(dir, "routing.db"));
  fill(store, 100_000);
  const models = { ...defaultConfig().models, matrix: false };
  const chooser = adaptiveChooser(store, {
    ...defaults,
    routing: { ...defaults.routing, explore: 0.05 },
  }, () => NOW);
  const input = (i: number) => ({
    agent: `agent-${i % 20}`,
    agentModel: "opus",
    task: "review the change",
    models,
  });
  const plain = store.db.prepare(
    "SELECT outcome, cost_usd FROM outcomes WHERE agent = ? AND kind = ? AND tier = ? AND finished_at >= ? ORDER BY finished_at DESC LIMIT 50",
  );
  const jobs = 2000;
  const timeJobs = (fn: (i: number) => unknown) => {
    const started = performance.now();
    for (let i = 0; i < jobs; i++) fn(i);
    return (performance.now() - started) / jobs;
  };
  const runs = { adaptive: [] as number[], bare: [] as number[], select: [] as number[] };
  for (let round = 0; round < 5; round++) {
    runs.bare.push(timeJobs((i) => routeAgent(input(i))));
    runs.adaptive.push(
      timeJobs((i) =>
        routeAgent({
          ...input(i),
          chooser,
          chooserInput: { kind: "review", jobId: `job_b${round}_${i}`, version: "v1" },
        })
      ),
    );
    runs.select.push(timeJobs((i) => {
      for (const tier of ["haiku", "sonnet", "opus"]) {
        plain.all(`agent-${i % 20}`, "review", tier, NOW - 30 * DAY);
      }
    }));
  }
  const adaptive = median(runs.adaptive);
  const bare = median(runs.bare);
  const overhead = adaptive - bare;
  console.log(
    `routing decision at 100,000 history rows: ${(overhead * 1000).toFixed(0)} µs/job added ` +
      `(routeAgent ${(adaptive * 1000).toFixed(0)} µs with the chooser, ${
        (bare * 1000).toFixed(1)
      } µs without); ` +
      `reference: the same rows by a plain indexed SELECT ${
        (median(runs.select) * 1000).toFixed(0)
      } µs/job; ` +
      `goal ≤ 1000 µs: ${overhead <= 1 ? "met" : "missed"}`,
  );
  chooser.close();

  // 1b. The same decision with lessons: 2,000 lessons in the KM, the best 3 given to each task.
  const paths = projectPaths(join(dir, "project"));
  const lessonStore = openOutcomeStore(join(dir, "lessons.db"));
  fill(lessonStore, 100_000);
  const lessons = await openLessonBook(paths, lessonStore, () => NOW);
  const topics = ["login", "session", "cache", "payment", "upload", "report", "invoice", "search"];
  for (let i = 0; i < 2000; i++) {
    lessons.book.learn(
      { id: `job_lesson${i}`, agent: `agent-${i % 20}` },
      "review",
      `review the ${topics[i % 8]} change number ${i}`,
      `Checked src/${topics[(i >> 3) % 8]}/module_${i}.ts for ${
        topics[i % 8]
      } problems; found none serious.`,
    );
  }
  const withLessons = adaptiveChooser(
    lessonStore,
    { ...defaults, routing: { ...defaults.routing, explore: 0.05 } },
    () => NOW,
    lessons,
  );
  const lessonRuns: number[] = [];
  for (let round = 0; round < 5; round++) {
    lessonRuns.push(timeJobs((i) =>
      routeAgent({
        ...input(i),
        task: `review the ${topics[i % 8]} change`,
        chooser: withLessons,
        chooserInput: { kind: "review", jobId: `job_l${round}_${i}`, version: "v1" },
      })
    ));
  }
  const lessonOverhead = median(lessonRuns) - bare;
  console.log(
    `routing decision with lessons (2,000 in the KM, 3 given): ${
      (lessonOverhead * 1000).toFixed(0)
    } µs/job added; ` +
      `goal ≤ 1000 µs: ${lessonOverhead <= 1 ? "met" : "missed"}`,
  );
  withLessons.close();

  // 1c. A worker's jobs with the analytics plugin on and off.
  const fake = await startFakeAnthropic({
    responder: () => text("Reviewed src/app.ts: the change is fine, nothing to fix."),
  });
  try {
    const JOBS = 300;
    const wall: Record<"on" | "off", number[]> = { on: [], off: [] };
    for (let round = 0; round < 4; round++) {
      for (const mode of ["off", "on"] as const) {
        const sandbox = await createSandbox();
        try {
          for (const sub of ["state", "events", "workspaces"]) {
            await Deno.mkdir(join(sandbox.project, ".claude", sub), { recursive: true });
          }
          if (mode === "off") {
            await Deno.writeTextFile(
              join(sandbox.project, ".claude", "config.json"),
              JSON.stringify({
                analytics: {
                  history: { enabled: false },
                  routing: { enabled: false },
                  lessons: { enabled: false },
                },
              }),
            );
          }
          const queue = await openQueue(projectPaths(sandbox.project), defaultConfig());
          await queue.enqueueMany(Array.from({ length: JOBS }, (_, i) => ({
            agent: "reviewer-agent",
            input: `review change ${i} of the ${["login", "cache", "upload"][i % 3]} module`,
          })));
          await queue.close();
          const started = performance.now();
          const output = await new Deno.Command(Deno.execPath(), {
            args: ["run", "-A", "--quiet", "--cached-only", MAIN, "worker", "--once", "--json"],
            cwd: sandbox.project,
            env: {
              NO_COLOR: "1",
              ...sandbox.env,
              SUPER_AGENTS_QUEUE_POLL_MS: "20",
              ANTHROPIC_API_KEY: "sk-bench",
              ANTHROPIC_BASE_URL: fake.url,
            },
            clearEnv: true,
          }).output();
          wall[mode].push(performance.now() - started);
          const summary = JSON.parse(new TextDecoder().decode(output.stdout));
          if (summary.succeeded !== JOBS) {
            throw new Error(`${mode}: ${summary.succeeded} of ${JOBS} succeeded`);
          }
        } finally {
          await sandbox.cleanup();
        }
      }
    }
    // Median of four interleaved rounds: a shared machine moves single runs by seconds.
    const on = median(wall.on);
    const off = median(wall.off);
    console.log(
      `worker --once, ${JOBS} reviewer-agent jobs on the fake API: analytics on ${
        (on / 1000).toFixed(2)
      } s, ` +
        `off ${(off / 1000).toFixed(2)} s (reference, same run): ${
          ((on - off) / JOBS).toFixed(2)
        } ms/job ` +
        `(${((on / off - 1) * 100).toFixed(0)}%)`,
    );
  } finally {
    await fake.close();
  }

  // 2. The analytics report at 1,000,000 rows.
  const metricsPaths = projectPaths(join(dir, "metrics-project"));
  const big = openOutcomeStore(historyPath(metricsPaths));
  const filling = performance.now();
  fill(big, 1_000_000);
  console.log(`(filled 1,000,000 rows in ${((performance.now() - filling) / 1000).toFixed(1)} s)`);
  const scan = big.db.prepare("SELECT latency_ms FROM outcomes WHERE finished_at >= ?");
  const reference: number[] = [];
  const report: number[] = [];
  let groups = 0;
  for (let round = 0; round < 3; round++) {
    let started = performance.now();
    let count = 0;
    for (const _row of scan.iterate(NOW - 31 * DAY)) count++;
    reference.push(performance.now() - started);
    if (count !== 1_000_000) throw new Error(`scanned ${count} rows`);
    started = performance.now();
    const result = analyticsReport(big.db, { since: NOW - 31 * DAY, until: NOW, by: "agent" });
    report.push(performance.now() - started);
    groups = result.groups.length;
    if (result.totals.jobs !== 1_000_000) throw new Error(`reported ${result.totals.jobs} jobs`);
  }
  const ratio = median(report) / median(reference);
  console.log(
    `analytics report at 1,000,000 rows (${groups} agents): ${median(report).toFixed(0)} ms; ` +
      `reference: plain indexed SELECT of the same rows ${median(reference).toFixed(0)} ms ` +
      `(${ratio.toFixed(2)}×); goal ≤ 3×: ${ratio <= 3 ? "met" : "missed"}`,
  );
  big.close();

  // 3. The analytics families of the KM's /metrics (open alerts, SLO burn rates of 20 agents with
  //    success, latency and cost objectives) over the same 1,000,000 rows.
  const slos = Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [`agent-${i}`, {
      successRate: 0.95,
      latencyP95Ms: 30_000,
      costPerTaskUsd: 0.05,
    }]),
  );
  const mount = await createMount({
    ctx: createContext({ now: () => NOW }),
    paths: metricsPaths,
    config: { ...defaultConfig(), analytics: { slos } },
  } as unknown as KmMountContext);
  const sixHours = openOutcomeStore(historyPath(metricsPaths));
  const sixHoursSelect = sixHours.db.prepare(
    "SELECT finished_at, outcome, latency_ms, cost_usd FROM outcomes WHERE agent = ? AND finished_at >= ?",
  );
  const scrape: number[] = [];
  const rows: number[] = [];
  let families = "";
  for (let round = 0; round < 7; round++) {
    let started = performance.now();
    for (let i = 0; i < 20; i++) sixHoursSelect.all(`agent-${i}`, NOW - DAY / 4);
    rows.push(performance.now() - started);
    started = performance.now();
    families = await mount.metrics!();
    scrape.push(performance.now() - started);
  }
  const samples = families.split("\n").filter((line) =>
    line.startsWith("super_agents_analytics_slo")
  )
    .length;
  if (samples !== 20 * 3 * 4) throw new Error(`${samples} burn-rate samples`);
  console.log(
    `/metrics analytics families (20 SLO agents × 3 objectives × 4 windows) at 1,000,000 rows: ` +
      `${median(scrape).toFixed(1)} ms a scrape; reference: the same 6 h of rows by a plain ` +
      `indexed SELECT ${median(rows).toFixed(1)} ms; goal ≤ 50 ms: ${
        median(scrape) <= 50 ? "met" : "missed"
      }`,
  );
  sixHours.close();
  await mount.close();
} finally {
  await Deno.remove(dir, { recursive: true });
}

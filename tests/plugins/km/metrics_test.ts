/**
 * `/metrics`: valid Prometheus text (checked by a strict parser) whose
 * values follow the project — jobs by priority and state, queue depth, the
 * agent latency histogram, cost-ledger totals and the event log's size —
 * and the parser itself rejects what Prometheus would reject.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { appendLedger } from "../../../agents/cost_ledger.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { closeEventLogs, emitEvent } from "../../../core/events/emit.ts";
import { createContext } from "../../../core/context.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { historyPath, openOutcomeStore } from "../../../plugins/analytics/history/outcome_store.ts";
import { builtinPlugins } from "../../../plugins/builtin.ts";
import { createKmApp } from "../../../plugins/km/app.ts";
import { contributedKmMounts, withKmMounts } from "../../../plugins/km/mounts.ts";
import { KmMetrics } from "../../../plugins/km/metrics.ts";
import { PrometheusWriter } from "../../../plugins/km/prometheus_text.ts";
import { instanceIdOf, newToken } from "../../../plugins/km/state.ts";
import { KnowledgeStore } from "../../../plugins/km/store/knowledge_store.ts";
import { registryDbPath } from "../../../plugins/km/registry_path.ts";
import { createLogger } from "../../../core/log.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openQueue } from "../../../core/queue/queue.ts";
import { type Family, parsePrometheus, valueOf } from "../../support/prometheus_parser.ts";

const usage = (input: number, output: number, costUsd: number) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd,
});

Deno.test("/metrics follows the project's queue, ledger and event log", async () => {
  const root = await Deno.makeTempDir({ prefix: "km-metrics-" });
  const paths = projectPaths(root);
  for (const dir of [paths.state, paths.events, paths.registry, paths.logs]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  let clock = 1_000_000;
  const queue = await openQueue(paths, defaultConfig(), { now: () => clock });
  const store = await KnowledgeStore.open(registryDbPath(paths));
  const log = createLogger({ component: "km", file: join(paths.logs, "km.log") });
  try {
    await queue.enqueue({ agent: "reviewer", priority: "high" });
    await queue.enqueue({ agent: "reviewer", priority: "high" });
    await queue.enqueue({ agent: "tester", priority: "low", delayMs: 60_000 });
    const done = await queue.enqueue({ agent: "builder", priority: "critical" });
    const dead = await queue.enqueue({ agent: "builder", priority: "normal", maxAttempts: 1 });
    assert.equal((await queue.claim("w1", 30_000, { agents: ["builder"] }))?.id, done.job.id);
    clock += 2_000;
    await queue.complete(done.job.id, "w1", { ok: true });
    assert.equal((await queue.claim("w1", 30_000, { agents: ["builder"] }))?.id, dead.job.id);
    clock += 40_000;
    await queue.fail(dead.job.id, "w1", { message: "boom" }, { retryable: false });
    await queue.enqueue({ agent: "runner" });
    await queue.claim("w2", 60_000, { agents: ["runner"] }); // leased by a live worker
    await appendLedger(paths, {
      ts: clock,
      task: "t1",
      agent: "reviewer",
      provider: "anthropic",
      status: "completed",
      turns: 3,
      costUsd: 0.25,
      tokens: 1500,
      models: { "claude-sonnet-4-5": usage(1000, 500, 0.25) },
      fallbacks: 1,
    });
    await emitEvent(paths, { type: "task.created", task: "t1" });
    const token = newToken();
    const app = await createKmApp(store, {
      token,
      instance: await instanceIdOf(token),
      pid: Deno.pid,
      port: 5001,
      version: "test",
      startedAt: Date.now(),
      maxBodyBytes: 4096,
      log,
      now: () => clock,
    });
    await (await app.handle(new Request("http://km/health"))).body?.cancel();
    // The KM as `km serve` runs it: the built-in plugins' mounts in front of the app (the
    // analytics plugin adds its open alerts and SLO burn rates to /metrics).
    const config = {
      ...defaultConfig(),
      analytics: { slos: { reviewer: { successRate: 0.9 } } },
    } as ReturnType<typeof defaultConfig>;
    const mounts = await withKmMounts(
      {
        ctx: createContext({ cwd: root, now: () => clock }),
        paths,
        config,
        host: "127.0.0.1",
        token,
        store,
        log,
      },
      app.handle,
      contributedKmMounts(new PluginHost([...builtinPlugins])),
    );
    const history = openOutcomeStore(historyPath(paths));
    history.db.prepare(
      `INSERT INTO alerts (key, type, agent, level, message, evidence, open, raised_at)
       VALUES ('regression:reviewer', 'regression', 'reviewer', 'warning', 'slower', '{}', 1, ?)`,
    ).run(clock);
    // reviewer: 1 of 4 tasks failed in the last minutes, 2.5x its 10 % error budget.
    for (
      const [id, outcome] of [["o1", "succeeded"], ["o2", "succeeded"], ["o3", "failed"], [
        "o4",
        "succeeded",
      ]]
    ) {
      history.db.prepare(
        `INSERT INTO outcomes (job_id, agent, kind, outcome, enqueued_at, started_at, finished_at)
         VALUES (?, 'reviewer', 'review', ?, ?, ?, ?)`,
      ).run(id, outcome, clock - 2_000, clock - 2_000, clock - 1_000);
    }
    history.close();
    const scrape = async () =>
      parsePrometheus(await (await mounts.handle(new Request("http://km/metrics"))).text());
    let m = await scrape();
    assert.equal(valueOf(m, "super_agents_queue_available"), 1);
    assert.equal(valueOf(m, "super_agents_jobs", { priority: "high", state: "queued" }), 2);
    assert.equal(valueOf(m, "super_agents_jobs", { priority: "low", state: "delayed" }), 1);
    assert.equal(valueOf(m, "super_agents_jobs", { priority: "critical", state: "succeeded" }), 1);
    assert.equal(valueOf(m, "super_agents_jobs", { priority: "normal", state: "dead" }), 1);
    assert.equal(valueOf(m, "super_agents_queue_depth", { priority: "high" }), 2);
    assert.equal(valueOf(m, "super_agents_queue_depth", { priority: "low" }), 0);
    assert.equal(valueOf(m, "super_agents_dlq_jobs"), 1);
    assert.equal(valueOf(m, "super_agents_workers"), 1);
    // builder ran 2 s (succeeded) and 40 s (dead): one in le=2.5, both by le=60.
    const bucket = (le: string) =>
      valueOf(m, "super_agents_agent_duration_seconds_bucket", { agent: "builder", le });
    assert.equal(bucket("1"), 0);
    assert.equal(bucket("2.5"), 1);
    assert.equal(bucket("30"), 1);
    assert.equal(bucket("60"), 2);
    assert.equal(bucket("+Inf"), 2);
    assert.equal(valueOf(m, "super_agents_agent_duration_seconds_sum", { agent: "builder" }), 42);
    assert.equal(valueOf(m, "super_agents_model_calls_total", { agent: "reviewer" }), 3);
    assert.equal(valueOf(m, "super_agents_model_fallbacks_total", { agent: "reviewer" }), 1);
    assert.equal(
      valueOf(m, "super_agents_tokens_total", { model: "claude-sonnet-4-5", kind: "output" }),
      500,
    );
    assert.equal(valueOf(m, "super_agents_cost_usd_total", { model: "claude-sonnet-4-5" }), 0.25);
    const logBytes = (await Deno.stat(join(paths.events, "log.ndjson"))).size;
    assert.equal(valueOf(m, "super_agents_event_log_bytes"), logBytes);
    assert.equal(valueOf(m, "super_agents_event_archives"), 0);
    assert.equal(
      valueOf(m, "km_request_duration_seconds_count", { route: "/health" }),
      1,
    );

    // Appended ledger lines are added on the next scrape (read incrementally).
    await appendLedger(paths, {
      ts: clock,
      task: "t2",
      agent: "reviewer",
      provider: "anthropic",
      status: "failed",
      turns: 1,
      costUsd: 0.5,
      tokens: 10,
      models: { "claude-sonnet-4-5": usage(5, 5, 0.5) },
      fallbacks: 0,
    });
    await Deno.writeTextFile(join(paths.state, "costs.ndjson"), "not json\n", { append: true });
    m = await scrape();
    assert.equal(valueOf(m, "super_agents_model_calls_total", { agent: "reviewer" }), 4);
    assert.equal(valueOf(m, "super_agents_cost_usd_total", { model: "claude-sonnet-4-5" }), 0.75);
    assert.equal(
      valueOf(m, "super_agents_agent_tasks_total", { agent: "reviewer", status: "failed" }),
      1,
    );
    assert.equal(valueOf(m, "super_agents_cost_ledger_invalid_lines"), 1);
    assert.equal(
      valueOf(m, "super_agents_analytics_alert_open", {
        agent: "reviewer",
        type: "regression",
        level: "warning",
      }),
      1,
    );
    for (const window of ["5m", "1h", "30m", "6h"]) {
      const burn = valueOf(m, "super_agents_analytics_slo_burn_rate", {
        agent: "reviewer",
        objective: "success",
        window,
      });
      assert.ok(burn !== undefined && Math.abs(burn - 2.5) < 1e-9, `${window}: burn rate ${burn}`);
    }
    await checkGrafanaDashboard(m);
    await mounts.close();
  } finally {
    await queue.close();
    store.close();
    log.close();
    await closeEventLogs();
    await Deno.remove(root, { recursive: true });
  }
});

const GRAFANA = new URL("../../../templates/grafana/super-agents.json", import.meta.url);
const PROMQL_WORDS = new Set([
  "sum",
  "by",
  "without",
  "rate",
  "increase",
  "histogram_quantile",
  "le",
  "avg",
  "max",
  "min",
  "count",
]);

/** Every panel query of the shipped Grafana dashboard names only metrics /metrics exposes. */
async function checkGrafanaDashboard(families: Map<string, Family>): Promise<void> {
  const dashboard = JSON.parse(await Deno.readTextFile(GRAFANA));
  assert.equal(dashboard.title, "super-agents");
  const exprs: string[] = [];
  const visit = (panel: { targets?: { expr: string }[]; panels?: unknown[] }) => {
    for (const target of panel.targets ?? []) exprs.push(target.expr);
    for (const child of panel.panels ?? []) visit(child as typeof panel);
  };
  for (const panel of dashboard.panels) visit(panel);
  assert.ok(exprs.length >= 10, `panels with queries: ${exprs.length}`);
  const exposed = new Set<string>();
  for (const family of families.values()) {
    exposed.add(family.name);
    for (const suffix of ["_bucket", "_sum", "_count"]) {
      if (family.type === "histogram") exposed.add(family.name + suffix);
    }
  }
  for (const expr of exprs) {
    const withoutLabels = expr.replace(/\{[^}]*\}/g, "").replace(/\[[^\]]*\]/g, "");
    const names = (withoutLabels.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [])
      .filter((word) =>
        !PROMQL_WORDS.has(word) &&
        !/^(agent|route|model|kind|state|priority|status|type|level|objective|window)$/.test(word)
      );
    assert.ok(names.length > 0, `no metric in ${expr}`);
    for (const name of names) assert.ok(exposed.has(name), `${expr}: /metrics has no ${name}`);
  }
}

Deno.test("label values and HELP text are escaped so the strict parser reads them back", () => {
  const out = new PrometheusWriter();
  out.family("odd_total", "counter", "Help with a \\ backslash\nand a newline.");
  out.sample("odd_total", { path: 'a "quoted" \\ path\nnext' }, 1);
  const families = parsePrometheus(out.text());
  assert.equal(families.get("odd_total")!.help, "Help with a \\ backslash\nand a newline.");
  assert.equal(families.get("odd_total")!.samples[0].labels.path, 'a "quoted" \\ path\nnext');
});

Deno.test("a KM store outside a project exposes only the KM's own metrics", () => {
  const text = new KmMetrics().render({
    uptimeSeconds: 1,
    counts: { knowledge: 0 },
    cache: { hits: 0, misses: 0, size: 0 },
    rssBytes: 1,
  });
  const families = parsePrometheus(text);
  assert.equal(families.has("super_agents_jobs"), false);
  assert.equal(families.get("km_request_duration_seconds")!.type, "histogram");
});

Deno.test("the strict parser rejects malformed expositions", () => {
  const bad: [string, RegExp][] = [
    ["# TYPE a counter\na 1", /must end with/],
    ['# TYPE a counter\na{x="1} 1\n', /unterminated|labels are separated/],
    ['# TYPE a counter\na{x="\\t"} 1\n', /invalid escape/],
    ["a 1\n", /outside its family/],
    ["# TYPE a counter\na -1\n", /counter must be >= 0/],
    ["# TYPE a counter\na 1\na 2\n", /duplicate series/],
    ["# TYPE a gauge\na one\n", /invalid value/],
    ["# TYPE a gauge\n# TYPE a gauge\n", /second TYPE/],
    ["# TYPE a gauge\n# TYPE b gauge\n# HELP a x\n", /continues after another family/],
    [
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\n' +
      "h_sum 1\nh_count 2\n",
      /not cumulative/,
    ],
    ['# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', /no le="\+Inf"/],
    ['# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', /_count 3 != \+Inf/],
    ['# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 2\n', /_sum and _count/],
  ];
  for (const [text, why] of bad) assert.throws(() => parsePrometheus(text), why, text);
});

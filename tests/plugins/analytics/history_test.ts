import assert from "node:assert/strict";
import { join } from "node:path";
import { defaultConfig } from "../../../core/config/schema.ts";
import { createContext } from "../../../core/context.ts";
import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { readEvents } from "../../../core/events/reader.ts";
import { appendLedgerLine } from "../../../core/km_client/ledger_append.ts";
import { projectPaths } from "../../../core/paths.ts";
import { type Job, JobSchema } from "../../../core/queue/job.ts";
import { AlertCenter, openAlerts } from "../../../plugins/analytics/alerts/alert_center.ts";
import { defaults } from "../../../plugins/analytics/config.ts";
import {
  createJobListener,
  HistoryRecorder,
} from "../../../plugins/analytics/history/job_listener.ts";
import { LedgerTail } from "../../../plugins/analytics/history/ledger_tail.ts";
import { historyPath, openOutcomeStore } from "../../../plugins/analytics/history/outcome_store.ts";
import { taskKind } from "../../../plugins/analytics/history/task_kind.ts";
import { outcome } from "./history_rows.ts";

const models = defaultConfig().models;
const T0 = 1_800_000_000_000;

function job(fields: Partial<Job>): Job {
  return JobSchema.parse({
    id: "job_a1",
    agent: "developer-agent",
    input: { task: "fix the flaky login test" },
    priority: "normal",
    lane: "interactive",
    state: "succeeded",
    attempts: 1,
    maxAttempts: 3,
    runAfter: T0,
    leaseOwner: null,
    leaseExpiresAt: null,
    cancelRequested: false,
    idempotencyKey: null,
    dependsOn: [],
    correlationId: null,
    parent: null,
    flow: null,
    node: null,
    timeoutMs: null,
    progress: null,
    result: null,
    error: null,
    createdAt: T0,
    updatedAt: T0 + 5000,
    startedAt: T0 + 1000,
    finishedAt: T0 + 5000,
    ...fields,
  });
}

function ledger(task: string, status: string, model: string, cost: number, fallbacks = 0) {
  return {
    ts: T0,
    task,
    agent: "developer-agent",
    provider: "anthropic",
    status,
    turns: 3,
    costUsd: cost,
    tokens: 1200,
    models: {
      [model]: {
        inputTokens: 1000,
        outputTokens: 200,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        costUsd: cost,
      },
    },
    fallbacks,
  };
}

async function project() {
  const root = await Deno.makeTempDir({ prefix: "sa_history_" });
  const paths = projectPaths(root);
  await Deno.mkdir(paths.state, { recursive: true });
  await Deno.mkdir(paths.events, { recursive: true });
  return { root, paths };
}

Deno.test("task kinds: keywords, an explicit kind, and hostile kinds ignored", () => {
  assert.equal(taskKind("Review the last commit"), "review");
  assert.equal(taskKind("fix the crash in the parser"), "fix");
  assert.equal(taskKind("write a README section"), "docs");
  assert.equal(taskKind("hello"), "other");
  assert.equal(taskKind("fix it", "migration"), "migration");
  assert.equal(taskKind("fix it", "DROP TABLE; --"), "fix");
  assert.equal(taskKind("fix it", "x".repeat(40)), "fix");
});

Deno.test("history: a finished job becomes one row from the job, its ledger lines and the router's decision", async () => {
  const { root, paths } = await project();
  const store = openOutcomeStore(historyPath(paths));
  try {
    const tail = new LedgerTail(paths);
    const recorder = new HistoryRecorder({
      store,
      tail,
      settings: defaults,
      models,
      onError: (e) => {
        throw e;
      },
      now: () => T0,
    });
    store.decide({
      jobId: "job_a1",
      agent: "developer-agent",
      version: "2026-12-01",
      kind: "fix",
      tier: "haiku",
      baseTier: "sonnet",
      explored: true,
      at: T0,
    });
    // Two attempts: the first failed on haiku after a fallback, the second succeeded.
    await appendLedgerLine(paths, ledger("job_a1", "failed", models.haiku, 0.001, 1));
    await appendLedgerLine(paths, ledger("job_a1", "completed", models.haiku, 0.002));
    await appendLedgerLine(paths, ledger("job_other", "completed", models.opus, 0.5));
    recorder.ended(
      job({ attempts: 2, result: { model: models.haiku, output: "done" } }),
      "job.succeeded",
    );
    recorder.ended(job({ id: "job_ignored" }), "progress");
    const rows = store.db.prepare("SELECT * FROM outcomes").all() as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row.job_id, "job_a1");
    assert.equal(row.version, "2026-12-01");
    assert.equal(row.provider, "anthropic");
    assert.equal(row.model, models.haiku);
    assert.equal(row.tier, "haiku");
    assert.equal(row.kind, "fix");
    assert.equal(row.turns, 6);
    assert.equal(row.tokens, 2400);
    assert.ok(Math.abs((row.cost_usd as number) - 0.003) < 1e-12);
    assert.equal(row.latency_ms, 4000);
    assert.equal(row.outcome, "succeeded");
    assert.equal(row.retries, 1);
    assert.equal(row.fallbacks, 1);
    assert.equal(row.explored, 1);
    assert.deepEqual(JSON.parse(row.features as string), { complexity: "medium", words: 5 });
    // A dead job without a decision: the tier from the ledger's first model, the outcome from its status.
    await appendLedgerLine(paths, ledger("job_b2", "budget_exceeded", models.opus, 2));
    recorder.ended(
      job({ id: "job_b2", state: "dead", error: { message: "budget", code: "BUDGET_EXCEEDED" } }),
      "job.dead",
    );
    const dead = store.db.prepare("SELECT * FROM outcomes WHERE job_id = 'job_b2'").get() as Record<
      string,
      unknown
    >;
    assert.equal(dead.tier, "opus");
    assert.equal(dead.outcome, "budget_exceeded");
    assert.equal(dead.error_code, "BUDGET_EXCEEDED");
    assert.equal(dead.version, null);
  } finally {
    store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("history: a reviewer or test job sets the verdict of the jobs it depended on", async () => {
  const { root, paths } = await project();
  const store = openOutcomeStore(historyPath(paths));
  try {
    const recorder = new HistoryRecorder({
      store,
      tail: new LedgerTail(paths),
      settings: defaults,
      models,
      onError: (e) => {
        throw e;
      },
      now: () => T0,
    });
    recorder.ended(job({ id: "job_dev1" }), "job.succeeded");
    recorder.ended(job({ id: "job_dev2" }), "job.succeeded");
    recorder.ended(
      job({
        id: "job_rev1",
        agent: "reviewer-agent",
        dependsOn: ["job_dev1"],
        result: { output: "Looks fine.\nVERDICT: pass" },
      }),
      "job.succeeded",
    );
    recorder.ended(
      job({
        id: "job_rev2",
        agent: "reviewer-agent",
        dependsOn: ["job_dev2"],
        result: { output: "VERDICT: **request changes** — the retry loop never ends" },
      }),
      "job.succeeded",
    );
    recorder.ended(
      job({
        id: "job_test2",
        agent: "test-executor-check",
        dependsOn: ["job_dev2"],
        state: "dead",
      }),
      "job.dead",
    );
    const verdicts = store.db.prepare(
      "SELECT job_id, review, tests FROM outcomes WHERE job_id LIKE 'job_dev%' ORDER BY job_id",
    ).all();
    assert.deepEqual(verdicts.map((r) => ({ ...r })), [
      { job_id: "job_dev1", review: "pass", tests: null },
      { job_id: "job_dev2", review: "fail", tests: "fail" },
    ]);
  } finally {
    store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("history: retention deletes by age, then the oldest beyond the row cap", async () => {
  const { root, paths } = await project();
  const store = openOutcomeStore(historyPath(paths));
  try {
    for (let i = 0; i < 30; i++) store.record(outcome({ finishedAt: T0 - i * 86_400_000 }));
    assert.equal(store.prune(T0, 10.5 * 86_400_000, 1_000_000), 19);
    assert.equal(store.prune(T0, 100 * 86_400_000, 4), 7);
    const left = store.db.prepare("SELECT finished_at FROM outcomes ORDER BY finished_at DESC")
      .all() as { finished_at: number }[];
    assert.deepEqual(left.map((r) => (T0 - r.finished_at) / 86_400_000), [0, 1, 2, 3]);
  } finally {
    store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("alerts: a slower version raises one alert (event, notification, open list) and clears when it recovers", async () => {
  const { root, paths } = await project();
  const store = openOutcomeStore(historyPath(paths));
  const posted: string[] = [];
  try {
    const center = new AlertCenter({
      store,
      settings: defaults,
      paths,
      config: defaultConfig(),
      now: () => T0,
      onError: (e) => {
        throw e;
      },
      notify: (alert) => Promise.resolve(void posted.push(alert.message)),
    });
    for (let i = 0; i < 40; i++) {
      store.record(
        outcome({
          agent: "reviewer-agent",
          version: "v1",
          latencyMs: 1000 + (i % 10) * 10,
          finishedAt: T0 - 100_000 + i,
        }),
      );
    }
    assert.deepEqual(center.evaluate("reviewer-agent").raised, []);
    for (let i = 0; i < 40; i++) {
      store.record(
        outcome({
          agent: "reviewer-agent",
          version: "v2",
          latencyMs: 1500 + (i % 10) * 10,
          finishedAt: T0 - 50_000 + i,
        }),
      );
    }
    const { raised } = center.evaluate("reviewer-agent");
    assert.equal(raised.length, 1);
    assert.equal(raised[0].key, "regression:reviewer-agent:version:v2");
    assert.match(raised[0].evidence[0], /^latency: median 1540 ms vs 1040 ms before \(n=40 vs 40/);
    assert.deepEqual(center.evaluate("reviewer-agent").raised, [], "raised once, not on every job");
    await center.settle();
    assert.deepEqual(posted, ["reviewer-agent version v2 is worse than v1 in latency"]);
    assert.equal(openAlerts(store).length, 1);
    // v3 is as fast as v1: compared with v2 it is no regression, so the alert clears.
    for (let i = 0; i < 40; i++) {
      store.record(
        outcome({
          agent: "reviewer-agent",
          version: "v3",
          latencyMs: 1000 + (i % 10) * 10,
          finishedAt: T0 - 10_000 + i,
        }),
      );
    }
    assert.deepEqual(center.evaluate("reviewer-agent").cleared, [
      "regression:reviewer-agent:version:v2",
    ]);
    await center.settle();
    assert.deepEqual(openAlerts(store), []);
    const types: string[] = [];
    for await (const event of readEvents(eventLogPaths(paths))) types.push(event.type);
    assert.deepEqual(types, ["analytics.alert", "analytics.alert_cleared"]);
  } finally {
    store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("history listener: created from the plugin contract; reads only the analytics config section; an invalid section turns it off", async () => {
  const { root, paths } = await project();
  try {
    const errors: string[] = [];
    const listener = await createJobListener({
      ctx: createContext({ cwd: root }),
      config: defaultConfig(),
      paths,
      onError: (error) => errors.push(String(error)),
    });
    assert.ok(listener);
    listener.ended(job({}), "job.succeeded");
    await listener.settle();
    const store = openOutcomeStore(historyPath(paths));
    assert.equal(
      (store.db.prepare("SELECT count(*) AS n FROM outcomes").get() as { n: number }).n,
      1,
    );
    store.close();
    assert.deepEqual(errors, []);
    const reported: string[] = [];
    const withSection = (analytics: unknown) => ({
      ctx: createContext({ cwd: root }),
      config: { ...defaultConfig(), analytics } as ReturnType<typeof defaultConfig>,
      paths,
      onError: (error: unknown) => reported.push(String(error)),
    });
    // The file of earlier versions is not read any more: the section decides.
    await Deno.writeTextFile(join(paths.claude, "analytics.json"), '{"history":{"enabled":false}}');
    const still = await createJobListener(withSection({}));
    assert.ok(still, "analytics.json is ignored");
    await still.settle();
    assert.equal(
      await createJobListener(withSection({ history: { enabled: false } })),
      undefined,
      "history off in the section: no listener",
    );
    assert.equal(
      await createJobListener(withSection({ routing: { target: 2 } })),
      undefined,
      "an invalid section (reported by the config loader): no listener, no throw",
    );
    assert.equal(await createJobListener(withSection("nope")), undefined);
    assert.deepEqual(reported, []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("history: an agent's rows under its old name count under its new one (fs-guard → filesystem-guardian-check)", async () => {
  const { root, paths } = await project();
  try {
    const store = openOutcomeStore(historyPath(paths));
    for (const [id, agent] of [["a", "fs-guard"], ["b", "filesystem-guardian-check"]]) {
      store.db.prepare(
        `INSERT INTO outcomes (job_id, agent, version, provider, model, tier, kind, features, turns,
         tokens, cost_usd, latency_ms, outcome, error_code, retries, fallbacks, review, tests,
         explored, enqueued_at, started_at, finished_at)
         VALUES (?, ?, NULL, 'local', NULL, 'local', 'check', '{}', 0, 0, 0, 5, 'succeeded', NULL,
         0, 0, NULL, NULL, 0, ?, ?, ?)`,
      ).run(id, agent, T0, T0, T0 + 5);
    }
    store.close();
    const reopened = openOutcomeStore(historyPath(paths));
    try {
      const agents = reopened.db.prepare(
        "SELECT agent, count(*) AS n FROM outcomes GROUP BY agent",
      ).all() as { agent: string; n: number }[];
      assert.deepEqual(agents.map((row) => ({ ...row })), [
        { agent: "filesystem-guardian-check", n: 2 },
      ]);
      const recorded = {
        ...(reopened.db.prepare("SELECT * FROM outcomes WHERE job_id = 'a'").get() as object),
      };
      assert.equal((recorded as { agent: string }).agent, "filesystem-guardian-check");
    } finally {
      reopened.close();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("history listener: a slower new version raises its alert from the jobs the worker finishes (evaluated at most every 10 s per agent)", async () => {
  const { root, paths } = await project();
  const store = openOutcomeStore(historyPath(paths));
  const posted: string[] = [];
  let now = T0;
  try {
    const alerts = new AlertCenter({
      store,
      settings: defaults,
      paths,
      config: defaultConfig(),
      now: () => now,
      onError: (e) => {
        throw e;
      },
      notify: (alert) => Promise.resolve(void posted.push(alert.key)),
    });
    const recorder = new HistoryRecorder({
      store,
      tail: new LedgerTail(paths),
      settings: defaults,
      models,
      alerts,
      onError: (e) => {
        throw e;
      },
      now: () => now,
    });
    for (let i = 0; i < 80; i++) {
      const version = i < 40 ? "v1" : "v2";
      store.decide({
        jobId: `job_v${i}`,
        agent: "reviewer-agent",
        version,
        kind: "review",
        tier: "sonnet",
        baseTier: "sonnet",
        explored: false,
        at: now,
      });
      const took = (version === "v1" ? 1000 : 1600) + (i % 10) * 10;
      recorder.ended(
        job({
          id: `job_v${i}`,
          agent: "reviewer-agent",
          input: "review the change",
          startedAt: now,
          finishedAt: now + took,
          updatedAt: now + took,
        }),
        "job.succeeded",
      );
      now += 2000;
    }
    await recorder.settle();
    assert.deepEqual(posted, ["regression:reviewer-agent:version:v2"]);
    const types: string[] = [];
    for await (const event of readEvents(eventLogPaths(paths))) types.push(event.type);
    assert.deepEqual(types, ["analytics.alert"]);
  } finally {
    store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("alerts: a provider's failure rate trending up is one alert shared by its agents, cleared when it recovers", async () => {
  const { root, paths } = await project();
  const store = openOutcomeStore(historyPath(paths));
  try {
    const center = new AlertCenter({
      store,
      settings: defaults,
      paths,
      config: defaultConfig(),
      now: () => T0,
      onError: (e) => {
        throw e;
      },
      notify: () => Promise.resolve(),
    });
    let at = T0 - 1_000_000;
    const agents = ["a-agent", "b-agent", "c-agent", "d-agent", "e-agent"];
    const add = (i: number, ok: boolean) =>
      store.record(
        outcome({
          agent: agents[i % 5],
          provider: "anthropic",
          outcome: ok ? "succeeded" : "dead",
          finishedAt: at++,
        }),
      );
    for (let i = 0; i < 100; i++) add(i, i % 25 !== 0); // 4% failures
    for (let i = 0; i < 20; i++) add(i, i % 5 >= 2); // 40% failures, 8 in 20, spread over agents
    const first = center.evaluate("a-agent");
    assert.deepEqual(first.raised.map((a) => a.key), ["failure_trend:provider:anthropic"]);
    assert.match(first.raised[0].evidence[0], /^8 of the last 20 failed vs 4 of 100 before/);
    assert.deepEqual(
      center.evaluate("b-agent").raised,
      [],
      "the provider's alert is not raised twice",
    );
    assert.deepEqual(openAlerts(store).map((a) => [a.key, a.agent]), [[
      "failure_trend:provider:anthropic",
      "provider:anthropic",
    ]]);
    for (let i = 0; i < 40; i++) add(i, true);
    assert.deepEqual(center.evaluate("c-agent").cleared, ["failure_trend:provider:anthropic"]);
    await center.settle();
  } finally {
    store.close();
    await Deno.remove(root, { recursive: true });
  }
});

/**
 * The dashboard handler in process: sign-in by token link (cookie) or
 * bearer header and refusal otherwise, the snapshot's queue, DAG, projects
 * and costs, the alerts' thresholds, and the live event stream (tail, new
 * events, ended by close).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { appendLedger } from "../../../agents/cost_ledger.ts";
import { defaultConfig } from "../../../core/config/schema.ts";
import { closeEventLogs, emitEvent } from "../../../core/events/emit.ts";
import { alertsFor } from "../../../plugins/km/dashboard/alerts.ts";
import { createDashboard, type Dashboard } from "../../../plugins/km/dashboard/handler.ts";
import { readQueueFacts } from "../../../plugins/km/queue_facts.ts";
import { newToken, writeKmState } from "../../../plugins/km/state.ts";
import { type ProjectPaths, projectPaths } from "../../../core/paths.ts";
import { openQueue } from "../../../core/queue/queue.ts";
import { writeFileAtomic } from "../../../core/atomic_file.ts";
import {
  workerStatePaths,
  writeWorkerRecord,
} from "../../../plugins/km/worker_supervisor/state.ts";

const BASE = "http://127.0.0.1:5055";

async function withDashboard(
  fn: (
    d: { dashboard: Dashboard; token: string; paths: ProjectPaths; dataHome: string },
  ) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "dashboard-" });
  const paths = projectPaths(join(dir, "app"));
  for (const d of [paths.state, paths.events]) await Deno.mkdir(d, { recursive: true });
  const dataHome = join(dir, "data");
  const token = newToken();
  const dashboard = createDashboard({
    ctx: { home: dir, dataHome, now: Date.now },
    paths,
    token,
    version: "test",
  });
  try {
    await fn({ dashboard, token, paths, dataHome });
  } finally {
    await dashboard.close();
    await closeEventLogs();
    await Deno.remove(dir, { recursive: true });
  }
}

const get = (dashboard: Dashboard, path: string, headers: Record<string, string> = {}) =>
  dashboard.handle(new Request(`${BASE}${path}`, { headers }));

Deno.test("sign-in: token link sets an HttpOnly SameSite=Strict cookie; no token, no data", () =>
  withDashboard(async ({ dashboard, token }) => {
    const anonymous = await get(dashboard, "/");
    assert.equal(anonymous.status, 401);
    assert.match(await anonymous.text(), /name="token"/);
    const wrong = await get(dashboard, "/?token=nope");
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /not valid/);
    const denied = await get(dashboard, "/dashboard/api/snapshot");
    assert.equal(denied.status, 401);
    await denied.body?.cancel();
    const stream = await get(dashboard, "/events/stream", { cookie: "sa_km_5055=forged" });
    assert.equal(stream.status, 401);
    await stream.body?.cancel();

    const signIn = await get(dashboard, `/?token=${encodeURIComponent(token)}`);
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get("location"), "/");
    const cookie = signIn.headers.get("set-cookie")!;
    assert.match(cookie, /^sa_km_5055=[\w-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.ok(!cookie.includes(token), "the cookie is not the token itself");
    const session = cookie.split(";")[0];
    const page = await get(dashboard, "/", { cookie: `other=1; ${session}` });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy")!, /script-src 'self'/);
    assert.equal(page.headers.get("referrer-policy"), "no-referrer");
    assert.match(await page.text(), /<script type="module" src="\/dashboard\/app.js">/);
    const byBearer = await get(dashboard, "/dashboard/api/snapshot", {
      authorization: `Bearer ${token}`,
    });
    assert.equal(byBearer.status, 200);
    await byBearer.body?.cancel();
    const script = await get(dashboard, "/dashboard/app.js");
    assert.match(script.headers.get("content-type")!, /javascript/);
    assert.match(await script.text(), /EventSource/);
    const post = await dashboard.handle(new Request(`${BASE}/`, { method: "POST" }));
    assert.equal(post.status, 405);
    await post.body?.cancel();
  }));

Deno.test("snapshot: queue by priority, a running flow's DAG, projects and costs", () =>
  withDashboard(async ({ dashboard, token, paths, dataHome }) => {
    const queue = await openQueue(paths, defaultConfig());
    try {
      await queue.enqueueMany([
        { id: "job_plan", agent: "architect", flow: "flow_1", node: "plan", priority: "high" },
        {
          id: "job_build",
          agent: "developer",
          flow: "flow_1",
          node: "build",
          dependsOn: ["job_plan"],
          priority: "high",
        },
      ]);
      await queue.enqueue({ agent: "tester", priority: "low" });
      assert.equal(
        (await queue.claim("host:1", 60_000, { agents: ["architect"] }))?.id,
        "job_plan",
      );
    } finally {
      await queue.close();
    }
    const other = join(dataHome, "..", "other");
    await Deno.mkdir(join(other, ".claude", "state"), { recursive: true });
    await writeKmState(projectPaths(other), {
      port: 5099,
      pid: 2 ** 31 - 2, // no such process: the KM is dead
      token: newToken(),
      started: { startedAt: 1, nonce: "n", host: "127.0.0.1", version: "test" },
    });
    await Deno.mkdir(dataHome, { recursive: true });
    await Deno.writeTextFile(
      join(dataHome, "projects.json"),
      JSON.stringify({ version: 1, projects: [{ root: other, name: "other", initializedAt: "" }] }),
    );
    await appendLedger(paths, {
      ts: 1,
      task: "t",
      agent: "architect",
      provider: "anthropic",
      status: "completed",
      turns: 2,
      costUsd: 0.5,
      tokens: 30,
      models: {
        "claude-opus-4-1": {
          inputTokens: 20,
          outputTokens: 10,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costUsd: 0.5,
        },
      },
      fallbacks: 1,
    });
    const response = await get(dashboard, "/dashboard/api/snapshot", {
      authorization: `Bearer ${token}`,
    });
    const s = await response.json();
    assert.equal(s.queue.available, true);
    assert.equal(s.queue.byPriority.high.leased, 1);
    assert.equal(s.queue.byPriority.high.queued, 1);
    assert.equal(s.queue.byPriority.low.queued, 1);
    assert.deepEqual(s.queue.ready, { critical: 0, high: 0, normal: 0, low: 1 });
    assert.deepEqual(s.workers, [{ id: "host:1", jobs: 1 }]);
    assert.deepEqual(s.running.map((j: { id: string }) => j.id), ["job_plan"]);
    assert.deepEqual(
      s.flows.flow_1.map((j: { node: string; dependsOn: string[] }) => [j.node, j.dependsOn]),
      [["plan", []], ["build", ["job_plan"]]],
    );
    assert.deepEqual(
      s.projects.map((
        p: { name: string; km: string; current: boolean },
      ) => [p.name, p.km, p.current]),
      [["app", "stopped", true], ["other", "dead", false]],
    );
    assert.equal(s.costs.totalUsd, 0.5);
    assert.deepEqual(s.costs.byAgent, [
      { agent: "architect", modelCalls: 2, fallbacks: 1, costUsd: 0.5 },
    ]);
    assert.deepEqual(s.costs.byModel, [{ model: "claude-opus-4-1", tokens: 30, costUsd: 0.5 }]);
    assert.ok(Array.isArray(s.alerts));
  }));

Deno.test("alerts: low disk, high memory, a growing DLQ and an open circuit", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dashboard-alerts-" });
  const paths = projectPaths(dir);
  const clock = { now: 5_000_000 };
  const queue = await openQueue(paths, defaultConfig(), { now: () => clock.now });
  try {
    const { job } = await queue.enqueue({ agent: "flaky", maxAttempts: 1 });
    await queue.claim("w", 1000);
    await queue.fail(job.id, "w", { message: "boom" }, { retryable: false });
  } finally {
    await queue.close();
  }
  const { DatabaseSync } = await import("node:sqlite");
  const db = new DatabaseSync(join(paths.state, "queue.db"));
  db.prepare(
    "INSERT INTO circuits (agent, state, failures, opened_at, probe_owner, updated_at) " +
      "VALUES ('flaky', 'open', 5, ?, NULL, ?)",
  ).run(clock.now, clock.now);
  db.close();
  try {
    const facts = readQueueFacts(paths, { now: clock.now + 1000 });
    const healthy = alertsFor(facts, {
      disk: { freeBytes: 500 * 1024 ** 3, totalBytes: 1000 * 1024 ** 3 },
      memory: { availableBytes: 8, totalBytes: 16 },
    });
    assert.deepEqual(healthy.map((a) => a.code), ["DLQ_GROWING", "CIRCUIT_OPEN"]);
    const strained = alertsFor(facts, {
      disk: { freeBytes: 100 * 1024 ** 2, totalBytes: 1000 * 1024 ** 3 },
      memory: { availableBytes: 1, totalBytes: 100 },
    });
    assert.deepEqual(strained.map((a) => [a.code, a.level]), [
      ["DISK_LOW", "critical"],
      ["MEMORY_HIGH", "critical"],
      ["DLQ_GROWING", "warning"],
      ["CIRCUIT_OPEN", "warning"],
    ]);
    const later = readQueueFacts(paths, { now: clock.now + 3_600_000 });
    assert.equal(later?.recentlyDead, 0, "an old dead job is no longer 'growing'");
    assert.deepEqual(alertsFor(undefined, {}), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("event stream: replays the tail, follows new events, ends on close", () =>
  withDashboard(async ({ dashboard, token, paths }) => {
    await emitEvent(paths, { type: "task.created", task: "job_a" });
    const response = await get(dashboard, "/events/stream", { authorization: `Bearer ${token}` });
    assert.match(response.headers.get("content-type")!, /^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = "";
    const until = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${received}`);
        received += value;
      }
    };
    await until(/"type":"task\.created"/);
    assert.match(received, /^retry: 1000\n\n/);
    assert.match(received, /event: event\nid: 1\ndata: \{/);
    await emitEvent(paths, {
      type: "task.cancelled",
      task: "job_a",
      payload: { state: "cancelled" },
    });
    await until(/"type":"task\.cancelled"/);
    assert.match(received, /id: 2\n/);
    await dashboard.close();
    while (!(await reader.read()).done) { /* drain until the server ends the stream */ }
  }));

Deno.test("snapshot: the supervised worker with pid, supervisor, restarts and its last heartbeat", () =>
  withDashboard(async ({ dashboard, token, paths }) => {
    const snapshot = async () =>
      (await (await get(dashboard, "/dashboard/api/snapshot", {
        authorization: `Bearer ${token}`,
      })).json()).supervisedWorker;
    assert.deepEqual(await snapshot(), {
      status: "stopped",
      reason: null,
      pid: null,
      supervisorPid: null,
      restarts: 0,
      lastExit: null,
      lastHeartbeatAt: null,
      heartbeatAgeMs: null,
    });
    // A live "worker" (a sleeping child) under a live "supervisor" (this test's process).
    const child = new Deno.Command("sleep", { args: ["60"], stdout: "null", stderr: "null" })
      .spawn();
    try {
      await Deno.mkdir(paths.logs, { recursive: true });
      const lastExit = { pid: 2 ** 31 - 3, code: 137, signal: "SIGKILL", at: 1 };
      await writeWorkerRecord(paths, {
        supervisor: { pid: Deno.pid, startedAt: 1 },
        worker: { pid: child.pid, startedAt: 2 },
        restarts: 2,
        lastExit,
      });
      const heartbeat = workerStatePaths(paths).heartbeat;
      // A beat of the previous worker is not this worker's.
      await writeFileAtomic(heartbeat, JSON.stringify({ pid: lastExit.pid, at: 5 }) + "\n");
      const before = await snapshot();
      assert.equal(before.status, "running");
      assert.equal(before.pid, child.pid);
      assert.equal(before.supervisorPid, Deno.pid);
      assert.equal(before.restarts, 2);
      assert.deepEqual(before.lastExit, lastExit);
      assert.equal(before.lastHeartbeatAt, null);

      const at = Date.now() - 1500;
      await writeFileAtomic(heartbeat, JSON.stringify({ pid: child.pid, at }) + "\n");
      const after = await snapshot();
      assert.equal(after.lastHeartbeatAt, at);
      assert.ok(after.heartbeatAgeMs >= 1500, String(after.heartbeatAgeMs));

      // A torn heartbeat file is no beat, not an error.
      await Deno.writeTextFile(heartbeat, '{"pid":');
      assert.equal((await snapshot()).lastHeartbeatAt, null);
    } finally {
      child.kill("SIGKILL");
      await child.status;
    }
    // The worker is gone and so is the beat it left: restarting.
    const gone = await snapshot();
    assert.equal(gone.status, "restarting");
    assert.equal(gone.pid, null);
    // The page renders it: the script reads supervisedWorker.
    const script = await (await get(dashboard, "/dashboard/app.js")).text();
    assert.match(script, /s\.supervisedWorker/);
  }));

/**
 * A worker on another host reports events and cost lines through the KM:
 * `POST /api/events` and `POST /api/costs` with the bearer token append to
 * the project's own log and ledger; a wrong token is 401, a bad body 400,
 * and the sender names the fix.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createKmApp } from "../../plugins/km/app.ts";
import { instanceIdOf, newToken } from "../../plugins/km/state.ts";
import { KnowledgeStore } from "../../plugins/km/store/knowledge_store.ts";
import { closeEventLogs } from "../../core/events/emit.ts";
import { createLogger } from "../../core/log.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import {
  kmCostSink,
  kmEventSink,
  remoteEventSink,
  remoteSinks,
} from "../../agents/remote_sinks.ts";

async function withKm(fn: (url: string, token: string, root: string) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "sa-km-events-" });
  for (const dir of ["registry", "events", "logs"]) {
    await Deno.mkdir(join(root, ".claude", dir), { recursive: true });
  }
  const store = await KnowledgeStore.open(join(root, ".claude", "registry", "registry.db"));
  const token = newToken();
  const log = createLogger({ component: "km", file: join(root, ".claude", "logs", "km.log") });
  const app = await createKmApp(store, {
    token,
    instance: await instanceIdOf(token),
    pid: Deno.pid,
    port: 0,
    version: "test",
    startedAt: Date.now(),
    maxBodyBytes: 64 * 1024,
    log,
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.handle);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, token, root);
  } finally {
    await server.shutdown();
    await closeEventLogs();
    store.close();
    log.close();
    await Deno.remove(root, { recursive: true });
  }
}

async function rejects(promise: Promise<unknown>, code: string, text: RegExp) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof SuperAgentsError);
    assert.equal(error.code, code);
    assert.match(`${error.message} | ${error.hint}`, text);
    return true;
  });
}

Deno.test("remote events: a worker's event lands in the project's log through the KM", async () => {
  await withKm(async (url, token, root) => {
    const send = kmEventSink(url, token);
    const stored = await send({
      type: "job.started",
      task: "job_remote1",
      agent: "script",
      payload: { worker: "host-b:42" },
    });
    assert.ok(stored.id && stored.seq >= 1);
    const lines = (await Deno.readTextFile(join(root, ".claude", "events", "log.ndjson")))
      .trim().split("\n").map((line) => JSON.parse(line));
    const event = lines.find((e) => e.id === stored.id);
    assert.equal(event.type, "job.started");
    assert.equal(event.task, "job_remote1");
    assert.deepEqual(event.payload, { worker: "host-b:42" });
  });
});

Deno.test("remote events: a wrong token is refused (401), a bad event is refused (400)", async () => {
  await withKm(async (url, token, root) => {
    await rejects(
      kmEventSink(url, "not-the-token")({ type: "job.started" }),
      "KM_EVENT_REJECTED",
      /HTTP 401.*km\.token/s,
    );
    await rejects(
      kmEventSink(url, token)({ type: "no spaces allowed" }),
      "KM_EVENT_REJECTED",
      /HTTP 400/,
    );
    const log = join(root, ".claude", "events", "log.ndjson");
    const text = await Deno.readTextFile(log).catch((error) => {
      if (error instanceof Deno.errors.NotFound) return "";
      throw error;
    });
    assert.equal(text, "", "nothing was appended");
  });
});

Deno.test("remote events: the environment selects the KM; half a configuration is an error", () => {
  assert.equal(remoteEventSink(() => undefined), undefined);
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(
    typeof remoteEventSink(
      env({ SUPER_AGENTS_KM_URL: "http://h:5001", SUPER_AGENTS_KM_TOKEN: "t" }),
    ),
    "function",
  );
  assert.throws(
    () => remoteEventSink(env({ SUPER_AGENTS_KM_URL: "http://h:5001" })),
    (error) => error instanceof SuperAgentsError && error.code === "KM_REMOTE_INCOMPLETE",
  );
});

const LINE = {
  ts: 1_700_000_000_000,
  task: "job_remote2",
  agent: "reviewer-agent",
  provider: "anthropic",
  status: "completed",
  turns: 1,
  costUsd: 0.01,
  tokens: 1000,
  models: {
    "claude-sonnet-5-5": {
      inputTokens: 900,
      outputTokens: 100,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.01,
    },
  },
  fallbacks: 0,
};

Deno.test("remote costs: a worker's cost line lands in the project's ledger through the KM", async () => {
  await withKm(async (url, token, root) => {
    await kmCostSink(url, token)(LINE);
    const ledger = join(root, ".claude", "state", "costs.ndjson");
    assert.deepEqual(
      (await Deno.readTextFile(ledger)).trim().split("\n").map((line) => JSON.parse(line)),
      [LINE],
    );
    await rejects(
      kmCostSink(url, "not-the-token")(LINE),
      "KM_COST_REJECTED",
      /HTTP 401.*km\.token/s,
    );
    await rejects(
      kmCostSink(url, token)({ ...LINE, tokens: "many" } as unknown as typeof LINE),
      "KM_COST_REJECTED",
      /HTTP 400.*tokens/s,
    );
    await rejects(
      kmCostSink(url, token)({ ...LINE, extra: "field" } as unknown as typeof LINE),
      "KM_COST_REJECTED",
      /HTTP 400/,
    );
    assert.equal((await Deno.readTextFile(ledger)).trim().split("\n").length, 1, "one line");
  });
});

Deno.test("remote sinks: both or neither, from the same two variables", () => {
  assert.equal(remoteSinks(() => undefined), undefined);
  const sinks = remoteSinks((name) =>
    ({ SUPER_AGENTS_KM_URL: "http://h:5001", SUPER_AGENTS_KM_TOKEN: "t" })[name]
  );
  assert.equal(typeof sinks?.event, "function");
  assert.equal(typeof sinks?.cost, "function");
  assert.throws(
    () => remoteSinks((name) => (name === "SUPER_AGENTS_KM_TOKEN" ? "t" : undefined)),
    (error) => error instanceof SuperAgentsError && error.code === "KM_REMOTE_INCOMPLETE",
  );
});

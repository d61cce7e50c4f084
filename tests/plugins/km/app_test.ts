/**
 * The KM request handler: auth on writes, body limits, JSON errors, input
 * validation, operational endpoints — and the database unchanged whenever a
 * request is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createKmApp, type KmApp } from "../../../plugins/km/app.ts";
import { createLogger } from "../../../core/log.ts";
import { instanceIdOf, newToken } from "../../../plugins/km/state.ts";
import { KnowledgeStore } from "../../../plugins/km/store/knowledge_store.ts";

const base = "http://127.0.0.1:5001";

async function withApp(
  fn: (
    app: KmApp,
    store: KnowledgeStore,
    token: string,
    logs: () => Promise<string[]>,
  ) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "km-app-" });
  const store = await KnowledgeStore.open(join(dir, "registry.db"));
  const token = newToken();
  const logFile = join(dir, "km_server.log");
  const log = createLogger({ component: "km", file: logFile });
  const logs = async () => (await Deno.readTextFile(logFile)).trimEnd().split("\n");
  const app = await createKmApp(store, {
    token,
    instance: await instanceIdOf(token),
    pid: 4242,
    port: 5001,
    version: "test",
    startedAt: 1000,
    now: () => 4000,
    maxBodyBytes: 2048,
    log,
  });
  try {
    await fn(app, store, token, logs);
  } finally {
    store.close();
    log.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}, method = "POST") {
  return new Request(`${base}${path}`, { method, body, headers });
}

const note = JSON.stringify({ title: "JWT", content: "tokens in cookies" });

Deno.test("writes without a valid bearer token get 401 + WWW-Authenticate, db unchanged", () =>
  withApp(async (app, store) => {
    const missing = await app.handle(post("/api/knowledge", note));
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), 'Bearer realm="super-agents-km"');
    assert.equal((await missing.json()).error.code, "UNAUTHORIZED");
    const wrong = await app.handle(post("/api/knowledge", note, { authorization: "Bearer nope" }));
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get("www-authenticate")!, /error="invalid_token"/);
    await wrong.body?.cancel();
    assert.equal(store.counts().knowledge, 0);
  }));

Deno.test("malformed JSON → 400, oversize → 413, wrong shape → 400; db unchanged", () =>
  withApp(async (app, store, token) => {
    const auth = { authorization: `Bearer ${token}` };
    const malformed = await app.handle(post("/api/knowledge", '{"title": "x",', auth));
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.code, "MALFORMED_JSON");

    const big = JSON.stringify({ title: "big", content: "x".repeat(4096) });
    const declared = await app.handle(post("/api/knowledge", big, auth));
    assert.equal(declared.status, 413);
    assert.equal((await declared.json()).error.code, "PAYLOAD_TOO_LARGE");
    // A streamed body has no Content-Length: the limit applies while reading.
    const stream = new Blob([big]).stream();
    const streamed = await app.handle(
      new Request(`${base}/api/knowledge`, { method: "POST", body: stream, headers: auth }),
    );
    assert.equal(streamed.status, 413);
    await streamed.body?.cancel();

    const invalid = await app.handle(post("/api/knowledge", JSON.stringify({ title: "" }), auth));
    assert.equal(invalid.status, 400);
    const error = (await invalid.json()).error;
    assert.equal(error.code, "INVALID_INPUT");
    assert.ok(error.issues.length >= 1);
    const array = await app.handle(post("/api/knowledge", "[1,2]", auth));
    assert.equal(array.status, 400);
    await array.body?.cancel();
    assert.equal(store.counts().knowledge, 0);
  }));

Deno.test("authorised writes create, dedupe and are searchable", () =>
  withApp(async (app, _store, token) => {
    const auth = { authorization: `Bearer ${token}` };
    const created = await app.handle(post("/api/knowledge", note, auth));
    assert.equal(created.status, 201);
    const { item } = await created.json();
    const duplicate = await app.handle(post("/api/knowledge", note, auth));
    assert.equal(duplicate.status, 200);
    assert.equal((await duplicate.json()).item.id, item.id);
    const search = await app.handle(new Request(`${base}/api/search?q=cookies&limit=5`));
    assert.equal((await search.json()).hits[0].item.id, item.id);
    const got = await app.handle(new Request(`${base}/api/knowledge/${item.id}`));
    assert.equal((await got.json()).title, "JWT");
    const missing = await app.handle(new Request(`${base}/api/knowledge/999`));
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const adr = await app.handle(
      post("/api/adrs", JSON.stringify({ title: "T", context: "c", decision: "d" }), auth),
    );
    assert.equal(adr.status, 201);
    assert.equal((await adr.json()).number, 1);
    const accepted = await app.handle(
      post("/api/adrs/1", JSON.stringify({ status: "accepted" }), auth, "PATCH"),
    );
    assert.equal((await accepted.json()).status, "accepted");
    const file = await app.handle(
      post("/api/files", JSON.stringify({ path: "../etc/passwd" }), auth, "PUT"),
    );
    assert.equal(file.status, 400);
    await file.body?.cancel();
  }));

Deno.test("operational endpoints: health, ready, status, metrics; 404 and 405", () =>
  withApp(async (app, _store, token) => {
    const health = await (await app.handle(new Request(`${base}/health`))).json();
    assert.deepEqual(health, {
      status: "ok",
      instance: await instanceIdOf(token),
      pid: 4242,
      port: 5001,
      version: "test",
      uptimeMs: 3000,
    });
    assert.equal((await app.handle(new Request(`${base}/ready`))).status, 200);
    const status = await (await app.handle(new Request(`${base}/status`))).json();
    assert.deepEqual(status.counts, { knowledge: 0, files: 0, contracts: 0, adrs: 0 });
    const metrics = await app.handle(new Request(`${base}/metrics`));
    assert.match(metrics.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    assert.match(text, /^# TYPE km_requests_total counter$/m);
    assert.match(text, /^km_requests_total\{route="\/health",method="GET",status="200"\} 1$/m);
    assert.match(text, /^km_store_rows\{table="knowledge"\} 0$/m);
    const notFound = await app.handle(new Request(`${base}/nope`));
    assert.equal(notFound.status, 404);
    await notFound.body?.cancel();
    const wrongMethod = await app.handle(new Request(`${base}/api/search`, { method: "POST" }));
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get("allow"), "GET");
    await wrongMethod.body?.cancel();
  }));

Deno.test("a store failure is a 500 with a code, and the log says why", () =>
  withApp(async (app, store, token, logs) => {
    store.close();
    const response = await app.handle(
      post("/api/knowledge", note, { authorization: `Bearer ${token}` }),
    );
    assert.equal(response.status, 500);
    assert.equal((await response.json()).error.code, "KM_STORE_WRITE");
    const record = JSON.parse((await logs()).at(-1)!);
    assert.equal(record.level, "error");
    assert.equal(record.fields.code, "KM_STORE_WRITE");
    assert.equal(record.fields.path, "/api/knowledge");
  }));

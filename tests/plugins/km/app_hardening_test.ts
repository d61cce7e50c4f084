/**
 * The KM app under hostile or failing conditions: a 500 names its code but
 * never a file path (the log keeps the detail); a remote-enabled KM wants a
 * token for reads; job tokens open search and save only; bad file paths and
 * deep contract specs are 400s.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createKmApp, type KmApp } from "../../../plugins/km/app.ts";
import { mintJobToken } from "../../../core/km_client/job_token.ts";
import { createLogger } from "../../../core/log.ts";
import { instanceIdOf, newToken } from "../../../plugins/km/state.ts";
import { KnowledgeStore } from "../../../plugins/km/store/knowledge_store.ts";

const base = "http://127.0.0.1:5001";

async function withApp(
  options: { readsNeedToken?: boolean },
  fn: (app: KmApp, store: KnowledgeStore, token: string, dir: string) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "km-app-hardening-" });
  const store = await KnowledgeStore.open(join(dir, "registry.db"));
  const token = newToken();
  const log = createLogger({ component: "km", file: join(dir, "km_server.log") });
  const app = await createKmApp(store, {
    token,
    instance: await instanceIdOf(token),
    pid: 4242,
    port: 5001,
    version: "test",
    startedAt: 1000,
    maxBodyBytes: 64 * 1024,
    log,
    ...options,
  });
  try {
    await fn(app, store, token, dir);
  } finally {
    store.close();
    log.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function call(path: string, token?: string, method = "GET", body?: unknown): Request {
  return new Request(`${base}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

Deno.test("a 500 names its code, never the database's path; the log has the detail", () =>
  withApp({}, async (app, store, token, dir) => {
    store.close();
    const response = await app.handle(
      call("/api/knowledge", token, "POST", { title: "a", content: "b" }),
    );
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.ok(!text.includes(dir), text);
    assert.doesNotMatch(text, /registry\.db/);
    const { error } = JSON.parse(text);
    assert.equal(error.code, "KM_STORE_WRITE");
    assert.match(error.hint, /logs/);
    const logged = await Deno.readTextFile(join(dir, "km_server.log"));
    assert.ok(logged.includes(join(dir, "registry.db")), "the log keeps the cause");
  }));

Deno.test("a remote-enabled KM wants a token for reads; /health stays open", () =>
  withApp({ readsNeedToken: true }, async (app, _store, token) => {
    for (const path of ["/status", "/metrics", "/api/knowledge", "/api/search?q=x", "/api/adrs"]) {
      const anonymous = await app.handle(call(path));
      assert.equal(anonymous.status, 401, path);
      assert.equal(anonymous.headers.get("www-authenticate"), 'Bearer realm="super-agents-km"');
      await anonymous.body?.cancel();
      const authorised = await app.handle(call(path, token));
      assert.equal(authorised.status, 200, path);
      await authorised.body?.cancel();
    }
    assert.equal((await app.handle(call("/health"))).status, 200);
    const job = mintJobToken(token, {
      agent: "reviewer-agent",
      scopes: ["knowledge_read"],
      expiresAt: Date.now() + 60_000,
    });
    assert.equal((await app.handle(call("/api/search?q=x", job))).status, 200);
    for (const path of ["/status", "/api/knowledge"]) {
      const response = await app.handle(call(path, job));
      assert.equal(response.status, 403, path);
      await response.body?.cancel();
    }
  }));

Deno.test("file paths must be project-relative without NUL; deep specs are refused", () =>
  withApp({}, async (app, store, token) => {
    const cases: [string, RegExp][] = [
      ["/etc/passwd", /project-relative/],
      ["C:\\Windows\\win.ini", /project-relative/],
      ["src/a.ts\u0000.png", /NUL/],
      ["a/../../b", /\.\./],
    ];
    for (const [path, message] of cases) {
      const response = await app.handle(call("/api/files", token, "PUT", { path }));
      assert.equal(response.status, 400, path);
      assert.match((await response.json()).error.message, message);
    }
    const ok = await app.handle(call("/api/files", token, "PUT", { path: "src/app.ts" }));
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.equal(store.counts().files, 1);

    const spec = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
    const deep = await app.handle(
      call("/api/contracts", token, "PUT", `{"component":"c","version":"1","spec":${spec(200)}}`),
    );
    assert.equal(deep.status, 400);
    assert.match((await deep.json()).error.message, /spec: must not nest deeper than 64 levels/);
    const fine = await app.handle(
      call("/api/contracts", token, "PUT", `{"component":"c","version":"1","spec":${spec(64)}}`),
    );
    assert.equal(fine.status, 200);
    await fine.body?.cancel();
    assert.equal(store.counts().contracts, 1);
  }));

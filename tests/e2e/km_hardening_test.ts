/**
 * The KM against hostile input, end to end: a real KM started through the
 * CLI in a temp project, spoken to over raw TCP where `fetch` cannot forge
 * what an attacker sends. DNS rebinding (a foreign `Host`) and cross-site
 * pages (a foreign `Origin`) are refused on every route; bodies are limited
 * (declared, streamed, stalled); a non-loopback `km.host` from a committed
 * config needs the user's explicit opt-in and then reads need the token;
 * `start`/`restart` fail when the KM dies at once; bad paths, deep JSON and
 * failures answer clearly without leaking file paths; agents get a scoped,
 * short-lived job token instead of the KM's own.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { findKm } from "../../agents/km_endpoint.ts";
import { mintJobToken } from "../../core/km_client/job_token.ts";
import { projectPaths } from "../../core/paths.ts";
import { type KmSandbox, kmSandbox } from "../plugins/km/km_sandbox.ts";
import { rawRequest } from "../plugins/km/raw_http.ts";
import { scripted, startFakeAnthropic, text, toolUse } from "../support/fake_anthropic.ts";

interface Running {
  port: number;
  token: string;
  url: string;
}

async function start(
  box: KmSandbox,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Running> {
  const result = await box.run(["start", "--json", ...args], { env });
  assert.equal(result.code, 0, result.stderr);
  const { port } = JSON.parse(result.stdout);
  const token = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();
  return { port, token, url: `http://127.0.0.1:${port}` };
}

async function withKm(
  fn: (box: KmSandbox, km: Running) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const box = await kmSandbox(100);
  try {
    const km = await start(box, [], env);
    await fn(box, km);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
}

function nested(depth: number): string {
  return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

const initialize = (pad = "") =>
  `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",` +
  `"capabilities":{},"clientInfo":{"name":"raw","version":"1"},"pad":"${pad}`;

Deno.test("a foreign Host (DNS rebinding) or Origin is refused on every KM route", async () => {
  await withKm(async (_box, km) => {
    const saved = await fetch(`${km.url}/api/knowledge`, {
      method: "POST",
      headers: { authorization: `Bearer ${km.token}` },
      body: JSON.stringify({ title: "secret plan", content: "the crown jewels" }),
    });
    assert.equal(saved.status, 201);
    await saved.body?.cancel();
    const routes = [
      "/health",
      "/ready",
      "/status",
      "/metrics",
      "/api/knowledge",
      "/api/search?q=jewels",
      "/api/files",
      "/api/adrs",
      "/",
      "/dashboard/api/snapshot",
      "/mcp",
      "/nope",
    ];
    for (const path of routes) {
      for (const host of ["evil.example", `evil.example:${km.port}`, `127.0.0.1:${km.port + 1}`]) {
        const answer = await rawRequest(km.port, { path, headers: { host } });
        assert.equal(answer.status, 421, `${path} with Host ${host}: ${answer.body}`);
        const error = JSON.parse(answer.body).error;
        assert.equal(error.code, "KM_HOST_NOT_ALLOWED");
        assert.match(error.message, /evil\.example|127\.0\.0\.1/);
        assert.match(error.hint, new RegExp(`127\\.0\\.0\\.1:${km.port}`));
        assert.doesNotMatch(answer.body, /jewels/);
      }
      for (const origin of ["https://evil.example", "null", `http://127.0.0.1:${km.port + 1}`]) {
        const answer = await rawRequest(km.port, { path, headers: { origin } });
        assert.equal(answer.status, 403, `${path} with Origin ${origin}: ${answer.body}`);
        const error = JSON.parse(answer.body).error;
        assert.equal(error.code, "KM_ORIGIN_NOT_ALLOWED");
        assert.ok(error.hint.length > 0);
        assert.doesNotMatch(answer.body, /jewels/);
      }
    }
    // Refused writes write nothing.
    const forged = await rawRequest(km.port, {
      method: "POST",
      path: "/api/knowledge",
      headers: {
        host: "evil.example",
        authorization: `Bearer ${km.token}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ title: "planted", content: "by a web page" }),
    });
    assert.equal(forged.status, 421);
    // The KM's own names (and same-origin pages) still work.
    for (const host of [`127.0.0.1:${km.port}`, `localhost:${km.port}`, `[::1]:${km.port}`]) {
      const answer = await rawRequest(km.port, {
        path: "/api/search?q=jewels",
        headers: { host, origin: `http://${host}` },
      });
      assert.equal(answer.status, 200, `${host}: ${answer.body}`);
      assert.equal(JSON.parse(answer.body).hits.length, 1);
    }
    const status = await (await fetch(`${km.url}/status`)).json();
    assert.equal(status.counts.knowledge, 1, "the forged write changed nothing");
  });
});

Deno.test("bodies are limited: a declared 400 MB body and an endless stream get 413", async () => {
  await withKm(async (_box, km) => {
    const auth = {
      authorization: `Bearer ${km.token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    for (const path of ["/mcp", "/api/knowledge", "/api/contracts"]) {
      const method = path === "/api/contracts" ? "PUT" : "POST";
      // Declared: refused from the Content-Length alone, without waiting for the bytes.
      const declared = await rawRequest(km.port, {
        method,
        path,
        headers: { ...auth, "content-length": String(400 * 1024 * 1024) },
        timeoutMs: 10_000,
      });
      assert.equal(declared.status, 413, `${path}: ${declared.body}`);
      assert.equal(JSON.parse(declared.body).error.code, "PAYLOAD_TOO_LARGE");
      // Streamed (chunked, no length), 2 MiB and never finished: refused once past the limit,
      // not after buffering a body that may never end.
      const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
      const chunks = function* () {
        yield new TextEncoder().encode(initialize());
        for (let i = 0; i < 32; i++) yield chunk;
      };
      const streamed = await rawRequest(km.port, {
        method,
        path,
        headers: auth,
        chunks: chunks(),
        unfinished: true,
        timeoutMs: 10_000,
      });
      assert.equal(streamed.status, 413, `${path}: ${streamed.body}`);
      assert.equal(JSON.parse(streamed.body).error.code, "PAYLOAD_TOO_LARGE");
    }
    // A body just under the limit still goes through, streamed or not.
    const body = JSON.stringify({
      component: "api",
      version: "1",
      spec: { blob: "y".repeat(1e6) },
    });
    assert.ok(body.length < 1024 * 1024);
    const whole = await rawRequest(km.port, {
      method: "PUT",
      path: "/api/contracts",
      headers: auth,
      body,
    });
    assert.equal(whole.status, 200, whole.body);
    const pieces = function* () {
      for (let at = 0; at < body.length; at += 100_000) {
        yield new TextEncoder().encode(body.slice(at, at + 100_000));
      }
    };
    const streamedOk = await rawRequest(km.port, {
      method: "PUT",
      path: "/api/contracts",
      headers: auth,
      chunks: pieces(),
    });
    assert.equal(streamedOk.status, 200, streamedOk.body);
  });
});

Deno.test("a stalled body gets 408 after km.bodyTimeoutMs", async () => {
  await withKm(async (_box, km) => {
    for (const path of ["/api/knowledge", "/mcp"]) {
      const answer = await rawRequest(km.port, {
        method: "POST",
        path,
        headers: {
          authorization: `Bearer ${km.token}`,
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "content-length": "1000",
        },
        body: '{"title":',
        timeoutMs: 10_000,
      });
      assert.equal(answer.status, 408, `${path}: ${answer.body}`);
      const error = JSON.parse(answer.body).error;
      assert.equal(error.code, "REQUEST_TIMEOUT");
      assert.match(error.message, /300 ms/);
    }
  }, { SUPER_AGENTS_KM_BODY_TIMEOUT_MS: "300" });
});

Deno.test("a non-loopback km.host from a committed config needs the user's opt-in", async () => {
  const box = await kmSandbox(100);
  try {
    const configFile = join(box.project, ".claude/config.json");
    await Deno.writeTextFile(configFile, JSON.stringify({ km: { host: "0.0.0.0" } }));
    const refused = await box.run(["start"]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /km\.host/);
    assert.ok(refused.stderr.includes(configFile), refused.stderr);
    assert.match(refused.stderr, /--allow-remote/);
    assert.match(refused.stderr, /SUPER_AGENTS_KM_ALLOW_REMOTE/);
    assert.equal(await box.pidOf(), undefined, "nothing was started");
    const restart = await box.run(["restart"]);
    assert.equal(restart.code, 1, "restart refuses too");

    const optIns: { args: string[]; env: Record<string, string> }[] = [
      { args: ["--allow-remote"], env: {} },
      { args: [], env: { SUPER_AGENTS_KM_ALLOW_REMOTE: "1" } },
    ];
    for (const optIn of optIns) {
      const km = await start(box, optIn.args, optIn.env);
      const open = await fetch(`${km.url}/health`);
      assert.equal(open.status, 200, "liveness stays open");
      await open.body?.cancel();
      for (const path of ["/status", "/metrics", "/api/knowledge", "/api/search?q=x"]) {
        const anonymous = await fetch(`${km.url}${path}`);
        assert.equal(anonymous.status, 401, `${path} without a token`);
        await anonymous.body?.cancel();
        const authorised = await fetch(`${km.url}${path}`, {
          headers: { authorization: `Bearer ${km.token}` },
        });
        assert.equal(authorised.status, 200, `${path} with the token`);
        await authorised.body?.cancel();
      }
      assert.equal((await box.run(["stop"])).code, 0);
    }
    // An explicit loopback --host overrides the committed one without any opt-in.
    const local = await start(box, ["--host", "127.0.0.1"]);
    const reads = await fetch(`${local.url}/api/knowledge`);
    assert.equal(reads.status, 200);
    await reads.body?.cancel();
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("start and restart fail with the cause when the KM dies at once", async () => {
  const box = await kmSandbox(100);
  try {
    await start(box);
    assert.equal((await box.run(["stop"])).code, 0);
    const db = join(box.project, ".claude/registry/registry.db");
    await Deno.writeTextFile(db, "this is not a SQLite database ".repeat(200));
    for (const command of ["start", "restart"]) {
      const result = await box.run([command]);
      assert.equal(result.code, 1, `${command}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /not a database/, result.stderr);
      assert.match(result.stderr, /km_server\.log/);
      assert.doesNotMatch(result.stdout, /started|restarted/);
      const pid = await box.pidOf();
      assert.equal(pid, undefined, `${command} left no KM behind`);
    }
  } finally {
    await box.cleanup();
  }
});

Deno.test("bad file paths and deep JSON are clear 400s; the CLI refuses deep payloads", async () => {
  await withKm(async (box, km) => {
    const put = (path: string, body: unknown) =>
      fetch(`${km.url}${path}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${km.token}` },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    for (
      const [path, message] of [
        ["/etc/passwd", /project-relative/],
        ["src/a.ts\u0000.png", /NUL/],
        ["src/../../x", /\.\./],
      ] as const
    ) {
      const response = await put("/api/files", { path });
      assert.equal(response.status, 400, path);
      const error = (await response.json()).error;
      assert.equal(error.code, "INVALID_INPUT");
      assert.match(error.message, message);
    }
    const files = await (await fetch(`${km.url}/api/files`)).json();
    assert.deepEqual(files.files, [], "nothing was registered");

    const deep = `{"component":"api","version":"1","spec":${nested(2000)}}`;
    const contract = await put("/api/contracts", deep);
    assert.equal(contract.status, 400);
    const text = await contract.text();
    assert.match(JSON.parse(text).error.message, /nest.*64/);
    assert.ok(!text.includes(box.project), `no file path in ${text}`);

    const event = await fetch(`${km.url}/api/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${km.token}` },
      body: `{"type":"probe.deep","payload":${nested(2000)}}`,
    });
    assert.equal(event.status, 400);
    assert.match((await event.json()).error.message, /64/);

    const emitted = await box.run([
      "events",
      "emit",
      "--type",
      "probe.deep",
      "--payload",
      "[".repeat(60_000) + "]".repeat(60_000),
    ]);
    assert.equal(emitted.code, 2, emitted.stderr);
    assert.match(emitted.stderr, /64/);
    assert.doesNotMatch(emitted.stderr, /disk space/);
  });
});

Deno.test("agents get a scoped, short-lived job token, never km.token", async () => {
  await withKm(async (box, km) => {
    const found = await findKm(projectPaths(box.project), "127.0.0.1", { agent: "reviewer-agent" });
    assert.ok(found);
    assert.notEqual(found.token, km.token);
    assert.ok(!found.token.includes(km.token));
    assert.match(found.token, /^sajob\.reviewer-agent\./);
    const call = (path: string, token: string, method = "GET", body?: unknown) =>
      fetch(`${km.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const saved = await call("/api/knowledge", found.token, "POST", {
      title: "from a job",
      content: "scoped",
    });
    assert.equal(saved.status, 201);
    const { item } = await saved.json();
    const search = await call("/api/search?q=scoped", found.token);
    assert.equal(search.status, 200);
    assert.equal((await search.json()).hits[0].item.id, item.id);
    const forbidden: [string, string, unknown?][] = [
      ["/api/contracts", "PUT", { component: "api", version: "1", spec: {} }],
      ["/api/files", "PUT", { path: "src/a.ts" }],
      ["/api/adrs", "POST", { title: "t", context: "c", decision: "d" }],
      [`/api/knowledge/${item.id}`, "DELETE"],
      ["/api/events", "POST", { type: "probe.x" }],
      ["/api/costs", "POST", {}],
    ];
    for (const [path, method, body] of forbidden) {
      const response = await call(path, found.token, method, body);
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal((await response.json()).error.code, "INSUFFICIENT_SCOPE");
    }
    // The dashboard wants the KM's token (MCP's verifier too: tests/plugins/mcp/http_router_test.ts).
    const dashboard = await call("/dashboard/api/snapshot", found.token);
    assert.equal(dashboard.status, 401);
    await dashboard.body?.cancel();
    const expired = mintJobToken(km.token, {
      agent: "reviewer-agent",
      scopes: ["knowledge_read", "knowledge_write"],
      expiresAt: Date.now() - 1000,
    });
    const [, agent, scopes, expiry, mac] = found.token.split(".");
    const tampered = [
      `sajob.${agent}-admin.${scopes}.${expiry}.${mac}`,
      `sajob.${agent}.${scopes}.${Number(expiry) + 3600}.${mac}`,
      `sajob.${agent}.${scopes}.${expiry}.${mac.slice(0, -2)}AA`,
      mintJobToken("another-km-token", {
        agent,
        scopes: ["knowledge_read", "knowledge_write"],
        expiresAt: Date.now() + 60_000,
      }),
    ];
    for (const token of [expired, ...tampered]) {
      const write = await call("/api/knowledge", token, "POST", { title: "t", content: "c" });
      assert.equal(write.status, 401, token);
      assert.match(write.headers.get("www-authenticate")!, /invalid_token/);
      await write.body?.cancel();
      const read = await call("/api/search?q=scoped", token);
      assert.equal(read.status, 401, token);
      await read.body?.cancel();
    }
    const count = (await (await fetch(`${km.url}/status`)).json()).counts.knowledge;
    assert.equal(count, 1);
  });
});

Deno.test("an agent's knowledge tools save and search with its job token", async () => {
  const box = await kmSandbox(100);
  const fake = await startFakeAnthropic({
    responder: scripted([
      toolUse("knowledge_save", { title: "Cookie auth", content: "sessions in HttpOnly cookies" }),
      toolUse("knowledge_query", { q: "HttpOnly" }),
      text("Noted."),
    ]),
  });
  try {
    for (const dir of ["state", "events", "agents", "logs", "workspaces"]) {
      await Deno.mkdir(join(box.project, ".claude", dir), { recursive: true });
    }
    const km = await start(box);
    const result = await box.run(["run", "developer-agent", "remember how auth works"], {
      env: { ANTHROPIC_API_KEY: "sk-test", ANTHROPIC_BASE_URL: fake.url },
    });
    assert.equal(result.code, 0, result.stderr);
    const results = fake.messageRequests().slice(1).map((request) => {
      const last = request.body.messages.at(-1).content as { type: string; content: string }[];
      return last.find((block) => block.type === "tool_result")!.content;
    });
    assert.match(results[0], /saved as #1/);
    assert.match(results[1], /#1 \[note\] Cookie auth/);
    const status = await (await fetch(`${km.url}/status`)).json();
    assert.equal(status.counts.knowledge, 1);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await fake.close();
    await box.cleanup();
  }
});

Deno.test("the KM's log is the user's alone (0600), and an old 0644 log is tightened", async () => {
  const box = await kmSandbox(100);
  try {
    const logs = join(box.project, ".claude", "logs");
    await Deno.mkdir(logs, { recursive: true });
    const names = () => [...Deno.readDirSync(logs)].map((e) => e.name);
    await start(box);
    const files = names();
    assert.ok(files.length > 0, "the KM wrote a log");
    for (const name of files) {
      assert.equal((await Deno.stat(join(logs, name))).mode! & 0o777, 0o600, name);
    }
    assert.equal((await box.run(["stop"])).code, 0);
    for (const name of files) await Deno.chmod(join(logs, name), 0o644);
    await start(box);
    for (const name of files) {
      assert.equal((await Deno.stat(join(logs, name))).mode! & 0o777, 0o600, name);
    }
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

/**
 * Port allocation under real concurrency: twelve projects started at once
 * from separate processes get twelve distinct ports, and every KM answers.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox } from "../plugins/km/km_sandbox.ts";

Deno.test("12 projects started concurrently get 12 distinct ports and all answer /health", async () => {
  const box = await kmSandbox(200);
  try {
    const roots = await Promise.all(
      Array.from({ length: 12 }, (_, i) => box.addProject(`project-${i}`)),
    );
    const results = await Promise.all(
      // Twelve cold starts at once on a shared 2-core machine: allow more than the default 10 s.
      roots.map((root) =>
        box.run(["start", "--json"], {
          cwd: root,
          env: { SUPER_AGENTS_KM_START_TIMEOUT_MS: "60000" },
        })
      ),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const infos = results.map((result) => JSON.parse(result.stdout));
    const ports = infos.map((info) => info.port);
    assert.equal(new Set(ports).size, 12, `ports: ${ports}`);
    for (const port of ports) assert.ok(port >= box.portMin && port <= box.portMax);
    const answers = await Promise.all(infos.map(async (info) => {
      const response = await fetch(`http://127.0.0.1:${info.port}/health`);
      return (await response.json()).pid;
    }));
    assert.deepEqual(answers, infos.map((info) => info.pid));
    const stops = await Promise.all(roots.map((root) => box.run(["stop"], { cwd: root })));
    for (const stop of stops) assert.equal(stop.code, 0, stop.stderr);
  } finally {
    await box.cleanup();
  }
});

Deno.test("a project keeps its port across stop and start when it is free", async () => {
  const box = await kmSandbox(50);
  try {
    const other = await box.addProject("other");
    const first = JSON.parse((await box.run(["start", "--json"])).stdout);
    assert.equal((await box.run(["stop"])).code, 0);
    // Another project starting meanwhile must not take the remembered port.
    const otherInfo = JSON.parse((await box.run(["start", "--json"], { cwd: other })).stdout);
    assert.notEqual(otherInfo.port, first.port);
    const second = JSON.parse((await box.run(["start", "--json"])).stdout);
    assert.equal(second.port, first.port);
    assert.equal((await box.run(["stop"])).code, 0);
    assert.equal((await box.run(["stop"], { cwd: other })).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("the running KM refuses unauthenticated, malformed and oversize writes over HTTP", async () => {
  const box = await kmSandbox();
  try {
    const info = JSON.parse((await box.run(["start", "--json"])).stdout);
    const token = (await Deno.readTextFile(join(box.project, ".claude/state/km.token"))).trim();
    const url = `http://127.0.0.1:${info.port}`;
    const count = async () => (await (await fetch(`${url}/status`)).json()).counts.knowledge;
    const post = (body: string, auth = true) =>
      fetch(`${url}/api/knowledge`, {
        method: "POST",
        body,
        headers: auth ? { authorization: `Bearer ${token}` } : {},
      });
    const unauthenticated = await post('{"title":"a","content":"b"}', false);
    assert.equal(unauthenticated.status, 401);
    assert.match(unauthenticated.headers.get("www-authenticate")!, /^Bearer /);
    await unauthenticated.body?.cancel();
    const malformed = await post('{"title":"a",');
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.code, "MALFORMED_JSON");
    const oversize = await post(JSON.stringify({ title: "a", content: "x".repeat(1_100_000) }));
    assert.equal(oversize.status, 413);
    await oversize.body?.cancel();
    assert.equal(await count(), 0);
    const ok = await post('{"title":"a","content":"b"}');
    assert.equal(ok.status, 201);
    await ok.body?.cancel();
    assert.equal(await count(), 1);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("km serve --project refuses a path that is not a project and creates nothing there", async () => {
  const box = await kmSandbox(200);
  try {
    const root = await box.addProject("real");
    const missing = join(root, "..", "typo");
    const notProject = join(root, "src");
    await Deno.mkdir(notProject, { recursive: true });
    for (const path of [missing, notProject]) {
      // A KM that starts serving the wrong folder never returns: killed after 30 s, it fails here.
      const result = await box.run(["km", "serve", "--project", path], {
        cwd: root,
        timeoutMs: 30_000,
      });
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /is not a super-agents project \(no \.claude\/ directory\)/);
      assert.match(result.stderr, /super-agents init/);
      assert.equal(await Deno.stat(join(path, ".claude")).then(() => true, () => false), false);
    }
  } finally {
    await box.cleanup();
  }
});

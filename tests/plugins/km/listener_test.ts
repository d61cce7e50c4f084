/**
 * The KM's early listener: `/health` answers once announced, other requests
 * wait for the app (or get a 503 if it fails to open), every request passes
 * the Host/Origin check, and a taken port is the KM_PORT_IN_USE error
 * `start` retries on.
 */
import assert from "node:assert/strict";
import { EXIT_PORT_IN_USE, listenKm } from "../../../plugins/km/listener.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { rawRequest } from "./raw_http.ts";

function freePort(): number {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = probe.addr as Deno.NetAddr;
  probe.close();
  return port;
}

const facts = (port: number) => ({
  instance: "abc",
  pid: Deno.pid,
  port,
  version: "test",
  startedAt: Date.now(),
});

Deno.test("health answers after announce; other paths wait for the app", async () => {
  const port = freePort();
  const listener = listenKm("127.0.0.1", port);
  try {
    const early = fetch(`http://127.0.0.1:${port}/health`);
    const api = fetch(`http://127.0.0.1:${port}/knowledge`);
    listener.announce(facts(port));
    const health = await early;
    assert.equal(health.status, 200);
    const body = await health.json();
    assert.equal(body.status, "ok");
    assert.equal(body.pid, Deno.pid);
    assert.equal(body.instance, "abc");
    await listener.healthAnswered(1000);
    listener.ready((request) => Promise.resolve(new Response(new URL(request.url).pathname)));
    assert.equal(await (await api).text(), "/knowledge", "the waiting request reached the app");
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/health`)).text(), "/health");
  } finally {
    await listener.server.shutdown();
  }
});

Deno.test("requests get a 503 when the app fails to open", async () => {
  const port = freePort();
  const listener = listenKm("127.0.0.1", port);
  try {
    listener.announce(facts(port));
    const waiting = fetch(`http://127.0.0.1:${port}/status`);
    listener.fail(new Error("registry.db is locked"));
    const response = await waiting;
    assert.equal(response.status, 503);
    assert.match((await response.json()).error.message, /registry.db is locked/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 503, "a KM that failed to open is not healthy");
    await health.body?.cancel();
  } finally {
    await listener.server.shutdown();
  }
});

Deno.test("a taken port is KM_PORT_IN_USE with the retry exit code", () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const { port } = taken.addr as Deno.NetAddr;
    assert.throws(() => listenKm("127.0.0.1", port), (error: unknown) => {
      assert.ok(error instanceof SuperAgentsError);
      assert.equal(error.code, "KM_PORT_IN_USE");
      assert.equal(error.exitCode, EXIT_PORT_IN_USE);
      return true;
    });
  } finally {
    taken.close();
  }
});

Deno.test("healthAnswered gives up after its timeout when nobody asks", async () => {
  const port = freePort();
  const listener = listenKm("127.0.0.1", port);
  try {
    let resolved = false;
    await listener.healthAnswered(20).then(() => resolved = true);
    assert.ok(resolved, "a KM run by a service manager (nobody polling) still goes on");
  } finally {
    await listener.server.shutdown();
  }
});

Deno.test("every request, /health included, is refused for a foreign Host or Origin", async () => {
  const port = freePort();
  const listener = listenKm("127.0.0.1", port);
  try {
    listener.announce(facts(port));
    listener.ready(() => Promise.resolve(new Response("the app")));
    for (const path of ["/health", "/status", "/api/knowledge"]) {
      const rebound = await rawRequest(port, { path, headers: { host: `evil.example:${port}` } });
      assert.equal(rebound.status, 421, path);
      assert.equal(JSON.parse(rebound.body).error.code, "KM_HOST_NOT_ALLOWED");
      const foreign = await rawRequest(port, { path, headers: { origin: "https://evil.example" } });
      assert.equal(foreign.status, 403, path);
      const own = await rawRequest(port, { path, headers: { host: `localhost:${port}` } });
      assert.equal(own.status, 200, path);
    }
  } finally {
    await listener.server.shutdown();
  }
});

Deno.test("/health waits for announce, and answers 503 if opening fails first", async () => {
  const port = freePort();
  const listener = listenKm("127.0.0.1", port);
  try {
    const waiting = fetch(`http://127.0.0.1:${port}/health`);
    listener.fail(new Error("file is not a database"));
    const health = await waiting;
    assert.equal(health.status, 503);
    assert.match((await health.json()).error.message, /not a database/);
  } finally {
    await listener.server.shutdown();
  }
});

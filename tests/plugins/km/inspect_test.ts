/**
 * State files and their verdicts: round trip with a 0600 token, stopped,
 * dead (pid gone), stale (pid reused, half-written), unhealthy, and running.
 */
import assert from "node:assert/strict";
import { projectPaths } from "../../../core/paths.ts";
import { inspectKm } from "../../../plugins/km/inspect.ts";
import { isProcessAlive, processStartTicks } from "../../../plugins/km/process_info.ts";
import {
  instanceIdOf,
  kmStatePaths,
  newToken,
  readKmState,
  removeKmState,
  writeKmState,
} from "../../../plugins/km/state.ts";

async function withProject(fn: (paths: ReturnType<typeof projectPaths>) => Promise<void>) {
  const root = await Deno.makeTempDir({ prefix: "km-state-" });
  try {
    await fn(projectPaths(root));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

const started = (extra = {}) => ({
  startedAt: 1,
  nonce: "n",
  host: "127.0.0.1",
  version: "t",
  ...extra,
});

async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("state round trip: token is 0600 base64url, pid written last", () =>
  withProject(async (paths) => {
    const token = newToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(token, newToken());
    await writeKmState(paths, { port: 5005, pid: 123, token, started: started() });
    assert.equal((await Deno.stat(kmStatePaths(paths).token)).mode! & 0o777, 0o600);
    const read = await readKmState(paths);
    assert.deepEqual(read, {
      kind: "complete",
      state: { port: 5005, pid: 123, token, started: started() },
    });
    await removeKmState(paths);
    assert.deepEqual(await readKmState(paths), { kind: "absent" });
    await removeKmState(paths); // idempotent
  }));

Deno.test("malformed state files are reported, not trusted", () =>
  withProject(async (paths) => {
    await Deno.mkdir(paths.state, { recursive: true });
    await Deno.writeTextFile(kmStatePaths(paths).port, "70000\n");
    await Deno.writeTextFile(kmStatePaths(paths).pid, `${Deno.pid}\n`);
    await Deno.writeTextFile(kmStatePaths(paths).started, "{not json");
    const read = await readKmState(paths);
    assert.equal(read.kind, "invalid");
    if (read.kind !== "invalid") return;
    assert.ok(read.problems.some((p) => p.startsWith("km.port is not an integer")));
    assert.ok(read.problems.includes("km.token is missing"));
    assert.ok(read.problems.some((p) => p.startsWith("km.started is not JSON")));
    const verdict = await inspectKm(paths);
    assert.equal(verdict.status, "stale"); // our own pid is alive, but the files are broken
  }));

Deno.test("verdicts: stopped, dead, pid reused, unhealthy", () =>
  withProject(async (paths) => {
    assert.equal((await inspectKm(paths)).status, "stopped");
    const token = newToken();
    await writeKmState(paths, { port: 1, pid: await deadPid(), token, started: started() });
    const dead = await inspectKm(paths);
    assert.equal(dead.status, "dead");
    assert.equal(dead.port, 1);

    await writeKmState(paths, {
      port: 1,
      pid: Deno.pid,
      token,
      started: started({ startTicks: "1" }),
    });
    const reused = await inspectKm(paths);
    assert.equal(reused.status, "stale");
    assert.match(reused.reason!, /another process/);

    // Our start time but nothing listening: alive, ours, not answering.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    await writeKmState(paths, {
      port,
      pid: Deno.pid,
      token,
      started: started({ startTicks: processStartTicks(Deno.pid) }),
    });
    assert.equal((await inspectKm(paths, { healthTimeoutMs: 200 })).status, "unhealthy");
  }));

Deno.test("running: /health answers with the token's instance id; a foreign KM is stale", () =>
  withProject(async (paths) => {
    const token = newToken();
    let instance = await instanceIdOf(token);
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      () =>
        Response.json({
          status: "ok",
          instance,
          pid: Deno.pid,
          port: 1,
          version: "t",
          uptimeMs: 0,
        }),
    );
    try {
      await writeKmState(paths, {
        port: server.addr.port,
        pid: Deno.pid,
        token,
        started: started({ startTicks: processStartTicks(Deno.pid) }),
      });
      const running = await inspectKm(paths);
      assert.equal(running.status, "running");
      assert.equal(running.health?.instance, instance);
      instance = "0000000000000000";
      const foreign = await inspectKm(paths);
      assert.equal(foreign.status, "stale");
      assert.match(foreign.reason!, /another KM/);
    } finally {
      await server.shutdown();
    }
  }));

Deno.test("process info: the current process is alive; an exited one is not", async () => {
  assert.equal(isProcessAlive(Deno.pid), true);
  assert.equal(isProcessAlive(await deadPid()), false);
  assert.match(processStartTicks(Deno.pid) ?? "", /^\d+$/);
});

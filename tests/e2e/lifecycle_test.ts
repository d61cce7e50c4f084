/**
 * End-to-end KM lifecycle through the real CLI: start, status, stop,
 * concurrent starts, kill -9 recovery, stale pid files, foreign port holders
 * and an exhausted range.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { kmSandbox, serverPidsUnder } from "../plugins/km/km_sandbox.ts";

const stateFiles = ["km.port", "km.pid", "km.token", "km.started"];

async function health(port: number): Promise<{ pid: number; instance: string } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, {
      signal: AbortSignal.timeout(2000),
    });
    return await response.json();
  } catch {
    return undefined; // not answering is what some tests expect
  }
}

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, 0 as unknown as Deno.Signal);
    return !Deno.readTextFileSync(`/proc/${pid}/stat`).includes(") Z ");
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("start → status → stop: detached KM answers, stop leaves no files and no process", async () => {
  const box = await kmSandbox();
  try {
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const info = JSON.parse(started.stdout);
    assert.ok(info.port >= box.portMin && info.port <= box.portMax);
    assert.equal(info.alreadyRunning, false);
    // The start process has exited; the KM must still answer (it survived its parent).
    const body = await health(info.port);
    assert.equal(body?.pid, info.pid);
    // Its own session: the process group id is its pid (setsid), not ours.
    const stat = await Deno.readTextFile(`/proc/${info.pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    assert.equal(Number(fields[2]), info.pid);

    const token = await Deno.readTextFile(join(box.project, ".claude/state/km.token"));
    assert.equal(
      (await Deno.stat(join(box.project, ".claude/state/km.token"))).mode! & 0o777,
      0o600,
    );
    assert.match(token.trim(), /^[A-Za-z0-9_-]{43}$/);

    const status = await box.run(["status", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout);
    assert.equal(report.km.status, "running");
    assert.equal(report.km.port, info.port);
    assert.equal(report.km.instance, body?.instance);

    const logs = await box.run(["logs", "-n", "5"]);
    assert.match(logs.stdout, /"msg":"listening"/);

    const stopped = await box.run(["stop", "--json"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(JSON.parse(stopped.stdout).was, "running");
    assert.equal(alive(info.pid), false);
    for (const name of stateFiles) {
      assert.equal(await exists(join(box.project, ".claude/state", name)), false, name);
    }
    assert.equal(await health(info.port), undefined);
    const after = await box.run(["status", "--json"]);
    assert.equal(after.code, 3);
    assert.equal(JSON.parse(after.stdout).km.status, "stopped");
  } finally {
    await box.cleanup();
  }
});

Deno.test("two concurrent starts in one project leave exactly one KM", async () => {
  const box = await kmSandbox();
  try {
    const [a, b] = await Promise.all([box.run(["start", "--json"]), box.run(["start", "--json"])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const [infoA, infoB] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    assert.equal(infoA.pid, infoB.pid);
    assert.equal(infoA.port, infoB.port);
    assert.deepEqual([infoA.alreadyRunning, infoB.alreadyRunning].sort(), [false, true]);
    assert.deepEqual(serverPidsUnder(box.project), [infoA.pid]);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("kill -9: status says dead, start recovers on the same port", async () => {
  const box = await kmSandbox();
  try {
    const first = JSON.parse((await box.run(["start", "--json"])).stdout);
    Deno.kill(first.pid, "SIGKILL");
    for (let i = 0; i < 200 && alive(first.pid); i++) await new Promise((r) => setTimeout(r, 10));
    const status = await box.run(["status", "--json"]);
    assert.equal(status.code, 1);
    const report = JSON.parse(status.stdout);
    assert.equal(report.km.status, "dead");
    assert.match(report.km.fix, /super-agents start/);
    const doctor = await box.run(["doctor", "--json"]);
    assert.equal(doctor.code, 1);
    assert.ok(
      JSON.parse(doctor.stdout).findings.some((f: { check: string; severity: string }) =>
        f.check === "km-dead" && f.severity === "error"
      ),
    );

    const again = await box.run(["start", "--json"]);
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout);
    assert.equal(second.port, first.port);
    assert.notEqual(second.pid, first.pid);
    assert.equal((await health(second.port))?.pid, second.pid);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("a pid file naming an unrelated live process is stale, and start replaces it", async () => {
  const box = await kmSandbox();
  try {
    const state = join(box.project, ".claude/state");
    await Deno.mkdir(state, { recursive: true });
    await Deno.writeTextFile(join(state, "km.port"), `${box.portMin}\n`);
    await Deno.writeTextFile(join(state, "km.pid"), `${Deno.pid}\n`); // alive, but not a KM
    await Deno.writeTextFile(join(state, "km.token"), "A".repeat(43) + "\n");
    await Deno.writeTextFile(
      join(state, "km.started"),
      JSON.stringify({
        startedAt: 1,
        startTicks: "1",
        nonce: "n",
        host: "127.0.0.1",
        version: "0",
      }),
    );
    const status = await box.run(["status", "--json"]);
    assert.equal(status.code, 1);
    const report = JSON.parse(status.stdout);
    assert.equal(report.km.status, "stale");
    assert.match(report.km.reason, /another process/);
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    assert.notEqual(JSON.parse(started.stdout).pid, Deno.pid);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    await box.cleanup();
  }
});

Deno.test("a foreign process holding a port in the range is skipped", async () => {
  const box = await kmSandbox(20);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: box.portMin });
  try {
    const started = await box.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const port = JSON.parse(started.stdout).port;
    assert.notEqual(port, box.portMin);
    assert.ok(port > box.portMin && port <= box.portMax);
    assert.equal((await box.run(["stop"])).code, 0);
  } finally {
    listener.close();
    await box.cleanup();
  }
});

Deno.test("an exhausted range fails with the range and how to widen it", async () => {
  const box = await kmSandbox(1);
  const listener = Deno.listen({ hostname: "127.0.0.1", port: box.portMin });
  try {
    const result = await box.run(["start", "--json"]);
    assert.equal(result.code, 1);
    const error = JSON.parse(result.stderr).error;
    assert.equal(error.code, "KM_PORTS_EXHAUSTED");
    assert.match(error.message, new RegExp(`${box.portMin}-${box.portMax}`));
    assert.match(error.hint, /SUPER_AGENTS_PORT_MAX/);
    assert.match(error.hint, /config set km\.portMax/);
    assert.deepEqual(serverPidsUnder(box.project), []);
  } finally {
    listener.close();
    await box.cleanup();
  }
});

Deno.test("stop when nothing runs is a no-op, and status outside a project explains", async () => {
  const box = await kmSandbox();
  try {
    const stopped = await box.run(["stop"]);
    assert.equal(stopped.code, 0);
    assert.match(stopped.stdout, /not running/);
    const outside = await box.run(["status"], { cwd: box.home });
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /not inside a super-agents project/);
    assert.match(outside.stderr, /super-agents init/);
  } finally {
    await box.cleanup();
  }
});

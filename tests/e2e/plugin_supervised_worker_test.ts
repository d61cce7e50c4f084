/**
 * A third-party plugin's agent, queued, runs in the worker `start`
 * supervises: that worker (and the KM) run with `--cached-only` like the
 * launcher, so plugin code may start there (`import_containment.ts`).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

const EXAMPLE = new URL("../../examples/plugins/license-header", import.meta.url).pathname;

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, 0 as unknown as Deno.Signal);
    return true;
  } catch {
    return false;
  }
}

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50;; delay = Math.min(delay * 2, 500)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

Deno.test("a plugin's queued agent runs in the supervised worker, which runs --cached-only", async () => {
  const sandbox = await createSandbox();
  const pids: number[] = [];
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    const added = await sandbox.run(["plugins", "add", EXAMPLE, "--yes"]);
    assert.equal(added.code, 0, added.stderr);
    const header = "// Copyright 2026 Acme Inc.\n";
    await Deno.writeTextFile(join(sandbox.project, ".license-header"), header);
    await Deno.mkdir(join(sandbox.project, "src"));
    await Deno.writeTextFile(join(sandbox.project, "src", "a.ts"), `${header}export {};\n`);

    const started = await sandbox.run(["start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const info = JSON.parse(started.stdout);
    pids.push(info.pid, info.worker.supervisorPid, info.worker.workerPid);
    for (const pid of [info.pid, info.worker.workerPid]) {
      const argv = (await Deno.readTextFile(`/proc/${pid}/cmdline`)).split("\0");
      assert.ok(argv.indexOf("--cached-only") > 0, argv.join(" "));
    }

    const created = await sandbox.run(["task", "create", "license-header-agent", "--json"]);
    assert.equal(created.code, 0, created.stderr);
    const id = JSON.parse(created.stdout).jobs[0].id;
    const job = await poll("the plugin's job to finish", 60_000, async () => {
      const shown = JSON.parse((await sandbox.run(["task", "show", id, "--json"])).stdout).job;
      return ["succeeded", "dead"].includes(shown.state) ? shown : undefined;
    });
    assert.equal(job.state, "succeeded", JSON.stringify(job));
    assert.deepEqual(job.result.checked, ["src/a.ts"]);
    assert.equal((await sandbox.run(["stop"])).code, 0);
  } finally {
    for (const pid of pids) if (alive(pid)) Deno.kill(pid, "SIGKILL");
    await sandbox.cleanup();
  }
});

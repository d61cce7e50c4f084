/**
 * `super-agents` with no command: inside a project it sets up, starts the KM
 * and prints the status (Claude Code is not launched without a terminal);
 * outside a project it prints the help.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";

function portRange(): Record<string, string> {
  const min = 30000 + Math.floor(Math.random() * 500) * 5; // below ephemeral ports
  return { SUPER_AGENTS_PORT_MIN: String(min), SUPER_AGENTS_PORT_MAX: String(min + 4) };
}

Deno.test("no command inside a project: init, KM started, status printed", async () => {
  const sandbox = await createSandbox();
  const env = portRange();
  try {
    await Deno.mkdir(join(sandbox.project, ".claude"));
    const sub = join(sandbox.project, "src");
    await Deno.mkdir(sub);
    const result = await sandbox.run([], { cwd: sub, env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /KM started: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(result.stdout, /running/);
    const port = Number(await Deno.readTextFile(join(sandbox.project, ".claude/state/km.port")));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    await Deno.stat(join(sandbox.project, ".claude/manifest.json")); // init ran
    const again = await sandbox.run(["--no-launch", "--json"], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).km.status, "running");
  } finally {
    await sandbox.run(["stop"], { env });
    await sandbox.cleanup();
  }
});

Deno.test("no command outside a project prints the help", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run([]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /Usage: super-agents <command>/);
  } finally {
    await sandbox.cleanup();
  }
});

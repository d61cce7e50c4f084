/**
 * The main job (`deno task start` → `super-agents demo`) runs end to end in a
 * temp HOME: the staged key is blocked, the commit's jobs run, the chain
 * verifies, the KM is stopped and nothing is left behind.
 */
import assert from "node:assert/strict";
import { createSandbox } from "../support/cli.ts";

Deno.test("demo: the whole workflow runs and cleans up after itself", async () => {
  const sandbox = await createSandbox();
  try {
    const tmp = await Deno.makeTempDir({ prefix: "demo-tmp-" });
    // PATH without super-agents, as after the README's `bash scripts/start.sh` on a fresh machine.
    const result = await sandbox.run(["demo"], { env: { TMPDIR: tmp, PATH: "/usr/bin:/bin" } });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /aws-access-key-id/);
    assert.match(result.stdout, /secret-scan\s+succeeded/);
    assert.doesNotMatch(result.stdout, /\bdead\s+[1-9]/, "no queued job died");
    assert.match(result.stdout, /ok: \d+ event\(s\)/);
    assert.match(result.stdout, /KM stopped/);
    // It ends with a command that works as copied, and says how to get the short one.
    const last = result.stdout.trim().split("\n").slice(-2);
    assert.ok(last[0].includes(`${Deno.execPath()} run -A`), last[0]);
    assert.match(last[0], /main\.ts init$/);
    assert.match(last[1], /deno task install/);
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "the demo removes its project");
    await Deno.remove(tmp);
  } finally {
    await sandbox.cleanup();
  }
});

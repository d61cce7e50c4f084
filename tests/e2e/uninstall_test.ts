/**
 * `super-agents uninstall` as a subprocess: restores the original tree
 * exactly, and refuses while the project's KM is running.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { treeHashes } from "./tree_hashes.ts";

Deno.test("init then uninstall restores the original tree exactly (every file's hash)", async () => {
  const sandbox = await createSandbox();
  try {
    const p = (path: string) => join(sandbox.project, path);
    await Deno.writeTextFile(p("CLAUDE.md"), "# Notes\nno trailing newline");
    await Deno.writeTextFile(p(".mcp.json"), '{"mcpServers":{}}');
    await Deno.mkdir(p(".claude/agents"), { recursive: true });
    await Deno.writeTextFile(p(".claude/settings.json"), "{}\n");
    await Deno.writeTextFile(p(".claude/agents/mine.md"), "my agent\n");
    await Deno.writeFile(p("data.bin"), new Uint8Array([0, 255, 1, 2]));
    await Deno.writeTextFile(p("run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    await Deno.chmod(p("run.sh"), 0o755);
    const before = await treeHashes(sandbox.project);
    assert.equal((await sandbox.run(["init"])).code, 0);
    assert.notDeepEqual(await treeHashes(sandbox.project), before);
    const result = await sandbox.run(["uninstall"], { cwd: p(".claude/agents") });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await treeHashes(sandbox.project), before);
    assert.equal((await Deno.stat(p("run.sh"))).mode! & 0o777, 0o755);
    const index = JSON.parse(
      await Deno.readTextFile(join(sandbox.home, ".super-agents/projects.json")),
    );
    assert.deepEqual(index.projects, []);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("uninstall refuses while the KM pid is alive and reports edited files", async () => {
  const sandbox = await createSandbox();
  const sleeper = new Deno.Command("sleep", { args: ["30"] }).spawn();
  try {
    assert.equal((await sandbox.run(["init"])).code, 0);
    await Deno.writeTextFile(join(sandbox.project, ".claude/state/km.pid"), `${sleeper.pid}\n`);
    const before = await treeHashes(sandbox.project);
    const refused = await sandbox.run(["uninstall"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`running \\(pid ${sleeper.pid}`));
    assert.match(refused.stderr, /hint: stop it first with `super-agents stop`/);
    assert.deepEqual(await treeHashes(sandbox.project), before);

    sleeper.kill("SIGKILL");
    await sleeper.status;
    await Deno.writeTextFile(join(sandbox.project, ".claude/config.json"), '{"schemaVersion": 1}');
    const done = await sandbox.run(["uninstall"]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /keep\s+\.claude\/config\.json — edited since init/);
    const forced = await sandbox.run(["init"]);
    assert.equal(forced.code, 0, forced.stderr);
  } finally {
    try {
      sleeper.kill("SIGKILL");
    } catch {
      // already killed above
    }
    await sleeper.status;
    await sandbox.cleanup();
  }
});

import assert from "node:assert/strict";
import { join } from "node:path";
import { CHAINED_SUFFIX, hookScript } from "../../../plugins/git_hooks/hook_script.ts";
import { shellWord } from "../../../core/cli/shell_quote.ts";
import {
  hooksDirectory,
  hookState,
  installHooks,
  uninstallHooks,
} from "../../../plugins/git_hooks/install.ts";
import { detectHookManagers } from "../../../plugins/git_hooks/integrations.ts";
import { createGitRepo } from "../../support/git_repo.ts";

const LAUNCH = ["/nonexistent/deno", "run", "-A", "/path with space/main.ts"];

Deno.test("hooks: install chains an existing hook and uninstall restores it byte for byte", async () => {
  const repo = await createGitRepo();
  try {
    const dir = await hooksDirectory(repo.dir);
    const original = "#!/bin/sh\necho original\n";
    await Deno.writeTextFile(join(dir, "pre-commit"), original, { mode: 0o755 });
    const installed = await installHooks(dir, ["pre-commit", "post-commit"], LAUNCH);
    assert.deepEqual(installed.map((r) => [r.hook, r.state, r.action]), [
      ["pre-commit", "installed+chained", "chained"],
      ["post-commit", "installed", "installed"],
    ]);
    assert.equal(await Deno.readTextFile(join(dir, "pre-commit" + CHAINED_SUFFIX)), original);
    assert.equal((await Deno.stat(join(dir, "pre-commit"))).mode! & 0o111, 0o111);
    // Installing again updates in place and keeps the chain.
    const again = await installHooks(dir, ["pre-commit"], LAUNCH);
    assert.deepEqual(again.map((r) => [r.state, r.action]), [["installed+chained", "updated"]]);
    const removed = await uninstallHooks(dir, ["pre-commit", "post-commit", "pre-push"]);
    assert.deepEqual(removed.map((r) => [r.hook, r.state, r.action]), [
      ["pre-commit", "foreign", "restored"],
      ["post-commit", "absent", "removed"],
      ["pre-push", "absent", "kept"],
    ]);
    assert.equal(await Deno.readTextFile(join(dir, "pre-commit")), original);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("hooks: core.hooksPath is respected; a foreign hook over a chained one is a conflict", async () => {
  const repo = await createGitRepo();
  try {
    await repo.git("config", "core.hooksPath", "tools/hooks");
    const dir = await hooksDirectory(repo.dir);
    assert.equal(dir, join(repo.dir, "tools/hooks"));
    await installHooks(dir, ["pre-push"], LAUNCH);
    assert.equal(await hookState(dir, "pre-push"), "installed");
    await Deno.writeTextFile(join(dir, "pre-push"), "#!/bin/sh\n# replaced by hand\n");
    await Deno.writeTextFile(join(dir, "pre-push" + CHAINED_SUFFIX), "#!/bin/sh\n");
    await assert.rejects(installHooks(dir, ["pre-push"], LAUNCH), /already exists/);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("hooks: husky and the pre-commit framework are detected", async () => {
  const repo = await createGitRepo();
  try {
    const dir = await hooksDirectory(repo.dir);
    assert.deepEqual(await detectHookManagers(repo.dir, dir), []);
    await Deno.mkdir(join(repo.dir, ".husky"));
    await Deno.writeTextFile(join(repo.dir, ".pre-commit-config.yaml"), "repos: []\n");
    const managers = await detectHookManagers(repo.dir, dir);
    assert.deepEqual(managers.map((m) => m.name), ["husky", "pre-commit"]);
    assert.match(managers[0].snippet, /super-agents hook pre-commit/);
    assert.match(managers[1].snippet, /entry: super-agents hook pre-push/);
  } finally {
    await repo.cleanup();
  }
});

Deno.test("hook script: PATH first, the recorded command second, never blocks when missing", async () => {
  const script = hookScript("pre-push", LAUNCH);
  assert.match(script, /command -v super-agents/);
  assert.ok(
    script.includes(
      `${LAUNCH.slice(0, 3).join(" ")} '/path with space/main.ts' hook pre-push "$@"`,
    ),
  );
  assert.equal(shellWord("it's"), `'it'\\''s'`);
  // Run it with no super-agents anywhere: a warning and exit 0.
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "pre-push");
    await Deno.writeTextFile(path, script, { mode: 0o755 });
    const out = await new Deno.Command(path, {
      env: { PATH: "/usr/bin:/bin" },
      clearEnv: true,
      stdin: "null",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0);
    assert.match(new TextDecoder().decode(out.stderr), /not found/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

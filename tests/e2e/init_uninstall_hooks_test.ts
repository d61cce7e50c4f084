/**
 * `init` installs the git hooks by default (not with `--no-hooks`, not
 * outside a repository) and says so; `uninstall` removes exactly them and
 * restores a chained hook byte for byte, so the repository — `.git/hooks`
 * included — is identical to what it was before `init`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, type Sandbox } from "../support/cli.ts";
import { createGitRepo } from "../support/git_repo.ts";
import { treeHashes } from "./tree_hashes.ts";

async function repoSandbox(): Promise<Sandbox> {
  const sandbox = await createSandbox();
  const repo = await createGitRepo(sandbox.project);
  await repo.commit("first", { "README.md": "# app\n" });
  return sandbox;
}

async function modes(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const entry of Deno.readDir(dir)) {
    out[entry.name] = (await Deno.lstat(join(dir, entry.name))).mode! & 0o7777;
  }
  return out;
}

Deno.test("init then uninstall leaves the repository byte-identical, .git/hooks included", async () => {
  const sandbox = await repoSandbox();
  try {
    const hooks = join(sandbox.project, ".git/hooks");
    const before = await treeHashes(sandbox.project);
    const beforeModes = await modes(hooks);
    const init = await sandbox.run(["init"]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /Git hooks:\n/);
    for (const hook of ["pre-commit", "post-commit", "post-merge", "pre-push"]) {
      assert.match(await Deno.readTextFile(join(hooks, hook)), /super-agents-hook: v1/);
    }
    const ignored = await Deno.readTextFile(join(sandbox.project, ".claude/.gitignore"));
    assert.match(ignored, /^settings\.local\.json$/m);

    const removed = await sandbox.run(["uninstall"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /delete\s+\S*\.git\/hooks\/post-commit/);
    assert.deepEqual(await treeHashes(sandbox.project), before);
    assert.deepEqual(await modes(hooks), beforeModes);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("uninstall restores a chained pre-existing hook byte for byte, mode included", async () => {
  const sandbox = await repoSandbox();
  try {
    const hook = join(sandbox.project, ".git/hooks/pre-commit");
    const original = new TextEncoder().encode("#!/bin/sh\n# mine\r\necho 'original' >&2\n");
    await Deno.writeFile(hook, original, { mode: 0o750 });
    await Deno.chmod(hook, 0o750);
    const before = await treeHashes(sandbox.project);
    const init = await sandbox.run(["init"]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /pre-commit\s+installed\+chained\s+chained/);
    assert.match(await Deno.readTextFile(hook), /super-agents-hook: v1/);

    const dry = await sandbox.run(["uninstall", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /restore\s+\S*pre-commit/);
    assert.match(await Deno.readTextFile(hook), /super-agents-hook: v1/, "dry run changed nothing");

    const removed = await sandbox.run(["uninstall"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(await Deno.readFile(hook), original);
    assert.equal((await Deno.stat(hook)).mode! & 0o777, 0o750);
    assert.deepEqual(await treeHashes(sandbox.project), before);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("init --no-hooks installs none and says how to add them; outside git it says why", async () => {
  const sandbox = await repoSandbox();
  const plain = await createSandbox();
  try {
    const init = await sandbox.run(["init", "--no-hooks"]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(
      init.stdout,
      /Git hooks: not installed \(--no-hooks\); `super-agents hooks install`/,
    );
    const status = JSON.parse((await sandbox.run(["hooks", "status", "--json"])).stdout);
    assert.ok(status.hooks.every((h: { state: string }) => h.state === "absent"));

    const outside = await plain.run(["init"]);
    assert.equal(outside.code, 0, outside.stderr);
    assert.match(outside.stdout, /Git hooks: not installed \(not a git repository\)/);
  } finally {
    await sandbox.cleanup();
    await plain.cleanup();
  }
});

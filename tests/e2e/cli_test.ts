/**
 * The CLI's handling of bad input as a subprocess: unknown commands and
 * flags, bad values, unwritable directories — a clear message, a non-zero
 * exit, and nothing half-written. Also the version is kept in step with
 * deno.json.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox } from "../support/cli.ts";
import { VERSION } from "../../core/version.ts";
import { treeHashes } from "./tree_hashes.ts";

Deno.test("VERSION in core/version.ts equals deno.json's version", async () => {
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(VERSION, denoJson.version);
});

Deno.test("unknown command and unknown flag: exit 2 with the closest valid name", async () => {
  const sandbox = await createSandbox();
  try {
    const command = await sandbox.run(["innit"]);
    assert.equal(command.code, 2);
    assert.match(
      command.stderr,
      /unknown command "innit"\nhint: did you mean `super-agents init`\?/,
    );
    const flag = await sandbox.run(["init", "--dryrun"]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option --dryrun[\s\S]*did you mean --dry-run\?/);
    const sub = await sandbox.run(["config", "lst"]);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /did you mean `super-agents config list`/);
    const json = await sandbox.run(["--json", "config", "get"]);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stderr).error.code, "USAGE");
    assert.deepEqual([...Deno.readDirSync(sandbox.project)], [], "nothing written");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("init in an unwritable directory fails clearly and writes nothing", async () => {
  const sandbox = await createSandbox();
  try {
    let target = join(sandbox.project, "locked");
    if (Deno.uid() === 0) {
      target = "/sys/kernel"; // root ignores mode bits; sysfs refuses new directories even to root
    } else {
      await Deno.mkdir(target);
      await Deno.writeTextFile(join(target, "CLAUDE.md"), "# keep\n");
      await Deno.chmod(target, 0o555);
    }
    const before = await treeHashes(target).catch(() => ({}));
    const result = await sandbox.run(["init", target]);
    assert.equal(result.code, 1, result.stdout);
    assert.match(
      result.stderr,
      /cannot initialise super-agents in .*\nhint: fix the directory's permissions/,
    );
    if (Deno.uid() !== 0) {
      assert.deepEqual(await treeHashes(target), before);
      await Deno.chmod(target, 0o755);
    }
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("init of a missing directory or over a file where .claude/ belongs says what to fix", async () => {
  const sandbox = await createSandbox();
  try {
    const missing = await sandbox.run(["init", "nope"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope does not exist/);
    await Deno.writeTextFile(join(sandbox.project, ".claude"), "not a dir");
    const clash = await sandbox.run(["init"]);
    assert.equal(clash.code, 1);
    assert.match(clash.stderr, /\.claude is a file\nhint: move or remove \.claude/);
    assert.deepEqual([...Deno.readDirSync(sandbox.project)].map((e) => e.name), [".claude"]);
  } finally {
    await sandbox.cleanup();
  }
});

/**
 * `super-agents init` as a subprocess: fresh directory, merging into the
 * user's files, a second run, --dry-run, and subdirectories.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSandbox, MAIN } from "../support/cli.ts";
import { resolveOnPath } from "../../plugins/project/launcher.ts";
import { mcpJsonTarget } from "../../plugins/project/mcp_json_merge.ts";
import { settingsTarget } from "../../plugins/project/settings_merge.ts";
import { readOnlyAllowRules } from "../../plugins/project/permissions_allow.ts";
import { projectTemplates } from "../../templates/mod.ts";
import { treeHashes } from "./tree_hashes.ts";

Deno.test("init in a fresh directory creates the layout and registers the project", async () => {
  const sandbox = await createSandbox();
  try {
    const result = await sandbox.run(["init"]);
    assert.equal(result.code, 0, result.stderr);
    for (const dir of ["state", "events", "registry", "logs", "agents", "triggers", "workspaces"]) {
      assert.ok((await Deno.stat(join(sandbox.project, ".claude", dir))).isDirectory, dir);
    }
    const manifest = JSON.parse(
      await Deno.readTextFile(join(sandbox.project, ".claude/manifest.json")),
    );
    const tree = await treeHashes(sandbox.project);
    for (const entry of manifest.files) assert.equal(tree[entry.path], entry.sha256, entry.path);
    assert.ok(manifest.files.some((f: { path: string }) => f.path.startsWith(".claude/agents/")));
    const mcp = JSON.parse(await Deno.readTextFile(join(sandbox.project, ".mcp.json")));
    // Without `super-agents` on PATH, init records the command that runs this checkout.
    const server = mcp.mcpServers["super-agents"];
    if (resolveOnPath("super-agents", sandbox.env.PATH)) {
      assert.deepEqual(server, { command: "super-agents", args: ["mcp"] });
    } else {
      assert.equal(server.command, Deno.execPath());
      assert.deepEqual(server.args.slice(-2), [MAIN, "mcp"]);
    }
    const index = JSON.parse(
      await Deno.readTextFile(join(sandbox.home, ".super-agents/projects.json")),
    );
    assert.deepEqual(index.projects.map((p: { root: string }) => p.root), [sandbox.project]);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("existing CLAUDE.md, .mcp.json and settings.json keep every byte outside our part", async () => {
  const sandbox = await createSandbox();
  try {
    const claudeMd = "# My project\r\n\r\nDon't touch — ünïcode\n";
    const mcp =
      '{\n\t"mcpServers": {\n\t\t"db": {"command": "pg", "args": []}\n\t},\n\t"x": [1,2]\n}';
    const settings = '{ "permissions": { "deny": ["Read(.env)"] },\n  "hooks": { "Stop": [\n' +
      '    { "hooks": [{ "type": "command", "command": "./notify.sh" }] }] } }\n';
    await Deno.writeTextFile(join(sandbox.project, "CLAUDE.md"), claudeMd);
    await Deno.writeTextFile(join(sandbox.project, ".mcp.json"), mcp);
    await Deno.mkdir(join(sandbox.project, ".claude"));
    await Deno.writeTextFile(join(sandbox.project, ".claude/settings.json"), settings);
    const result = await sandbox.run(["init"]);
    assert.equal(result.code, 0, result.stderr);
    const read = (path: string) => Deno.readTextFile(join(sandbox.project, path));
    const newClaudeMd = await read("CLAUDE.md");
    assert.ok(newClaudeMd.startsWith(claudeMd), "the user's CLAUDE.md is an untouched prefix");
    assert.match(
      newClaudeMd.slice(claudeMd.length),
      /^\n<!-- super-agents:begin[\s\S]*<!-- super-agents:end -->\n$/,
    );
    const server = JSON.parse(projectTemplates.mcpServer);
    assert.equal(mcpJsonTarget(".mcp.json", server).remove(await read(".mcp.json")), mcp);
    const hooks = JSON.parse(projectTemplates.claudeHooks);
    const newSettings = await read(".claude/settings.json");
    const allow = readOnlyAllowRules("super-agents");
    assert.equal(
      settingsTarget(".claude/settings.json", hooks, allow).remove(newSettings, allow),
      settings,
    );
    assert.deepEqual(JSON.parse(newSettings).permissions, { deny: ["Read(.env)"], allow });
    assert.equal(await read(".claude/backups/CLAUDE.md"), claudeMd);
    assert.equal(await read(".claude/backups/.mcp.json"), mcp);
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("init twice is a no-op; --dry-run writes nothing", async () => {
  const sandbox = await createSandbox();
  try {
    const before = await treeHashes(sandbox.project);
    const dry = await sandbox.run(["init", "--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Dry run[\s\S]*create\s+\.claude\/config\.json/);
    assert.deepEqual(await treeHashes(sandbox.project), before, "dry run left the tree alone");
    assert.equal((await sandbox.run(["init"])).code, 0);
    const once = await treeHashes(sandbox.project);
    const again = await sandbox.run(["init", "--json"]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).changed, false);
    assert.deepEqual(await treeHashes(sandbox.project), once, "second init changed nothing");
  } finally {
    await sandbox.cleanup();
  }
});

Deno.test("commands find the project from a subdirectory; outside one they say how to init", async () => {
  const sandbox = await createSandbox();
  try {
    const outside = await sandbox.run(["upgrade"]);
    assert.equal(outside.code, 1);
    assert.match(
      outside.stderr,
      /not inside a super-agents project[\s\S]*hint: run `super-agents init`/,
    );
    assert.equal((await sandbox.run(["init"])).code, 0);
    const deep = join(sandbox.project, "src", "deep");
    await Deno.mkdir(deep, { recursive: true });
    const set = await sandbox.run(["config", "set", "log.level", "debug"], { cwd: deep });
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, new RegExp(`in ${sandbox.project}/.claude/config.json`));
    const upgrade = await sandbox.run(["upgrade"], { cwd: deep });
    assert.equal(upgrade.code, 0, upgrade.stderr);
    assert.match(upgrade.stdout, /Up to date|Upgraded/);
  } finally {
    await sandbox.cleanup();
  }
});

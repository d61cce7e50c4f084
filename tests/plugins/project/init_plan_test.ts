import assert from "node:assert/strict";
import { join } from "node:path";
import { applyInitPlan } from "../../../plugins/project/apply_init_plan.ts";
import { desiredState } from "../../../plugins/project/desired_state.ts";
import { planChanges, planInit } from "../../../plugins/project/init_plan.ts";
import { readManifest, sha256Hex } from "../../../plugins/project/manifest.ts";
import { projectPaths } from "../../../core/paths.ts";

const templates = {
  claudeMdSection: "## super-agents\n{{agents}}\n",
  projectConfig: '{ "schemaVersion": 1 }\n',
  mcpServer: '{ "command": "super-agents", "args": ["mcp"] }',
  claudeHooks: '{ "Stop": [{ "hooks": [{ "type": "command", "command": "super-agents x" }] }] }',
  claudeGitignore: "state/\n",
} as const;
const agents = { "a-agent.md": "---\nname: a-agent\ndescription: does A\n---\nbody\n" };
const desired = desiredState(templates, agents);

async function withProject(fn: (root: string) => Promise<void>) {
  const root = await Deno.makeTempDir();
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("a fresh directory: everything is created, nothing backed up", () =>
  withProject(async (root) => {
    const paths = projectPaths(root);
    const plan = await planInit(paths, desired, undefined);
    assert.deepEqual(
      plan.actions.filter((a) => a.kind === "mkdir").map((a) => a.path),
      desired.directories,
    );
    assert.ok(plan.actions.every((a) => !("backup" in a) || a.backup === undefined));
    const manifest = await applyInitPlan(paths, plan, "2026-01-01T00:00:00.000Z");
    const claudeMd = await Deno.readTextFile(join(root, "CLAUDE.md"));
    assert.match(claudeMd, /`a-agent` \(`.claude\/agents\/a-agent.md`\): does A/);
    const agentEntry = manifest.files.find((f) => f.path === ".claude/agents/a-agent.md")!;
    assert.equal(agentEntry.sha256, sha256Hex(agents["a-agent.md"]));
    assert.deepEqual(await readManifest(paths), manifest);
    const again = await planInit(paths, desired, manifest);
    assert.equal(planChanges(again), false, "a second init plans nothing");
  }));

Deno.test("existing files are backed up; a foreign agent file is a conflict unless --force", () =>
  withProject(async (root) => {
    const paths = projectPaths(root);
    await Deno.mkdir(join(root, ".claude", "agents"), { recursive: true });
    await Deno.writeTextFile(join(root, ".claude", "agents", "a-agent.md"), "my own agent\n");
    await Deno.writeTextFile(join(root, "CLAUDE.md"), "# Mine\n");
    const plan = await planInit(paths, desired, undefined);
    const byPath = new Map(plan.actions.map((a) => [a.path, a]));
    assert.equal(byPath.get(".claude/agents/a-agent.md")?.kind, "conflict");
    assert.equal(byPath.get("CLAUDE.md")?.kind, "merge");
    assert.ok(plan.actions.some((a) => a.kind === "mkdir" && a.path === ".claude/backups"));
    const forced = await planInit(paths, desired, undefined, { force: true });
    assert.equal(
      forced.actions.find((a) => a.path === ".claude/agents/a-agent.md")?.kind,
      "replace",
    );
    await applyInitPlan(paths, forced, "2026-01-01T00:00:00.000Z");
    assert.equal(
      await Deno.readTextFile(join(root, ".claude/backups/.claude__agents__a-agent.md")),
      "my own agent\n",
    );
    assert.equal(await Deno.readTextFile(join(root, ".claude/backups/CLAUDE.md")), "# Mine\n");
  }));

Deno.test("planning never writes, and invalid JSON stops init before any write", () =>
  withProject(async (root) => {
    await Deno.writeTextFile(join(root, ".mcp.json"), "{ not json");
    await assert.rejects(
      planInit(projectPaths(root), desired, undefined),
      /\.mcp\.json is not valid JSON/,
    );
    assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name), [".mcp.json"]);
  }));

Deno.test("a failing apply leaves the tree as it was", () =>
  withProject(async (root) => {
    const paths = projectPaths(root);
    await Deno.writeTextFile(join(root, "CLAUDE.md"), "# Mine\n");
    const plan = await planInit(paths, desired, undefined);
    // A create whose directory was never planned fails half-way through.
    plan.actions.push({ kind: "create", path: "no/such/dir/file.md", content: "x" });
    await assert.rejects(applyInitPlan(paths, plan, "2026-01-01T00:00:00.000Z"));
    assert.deepEqual([...Deno.readDirSync(root)].map((e) => e.name), ["CLAUDE.md"]);
    assert.equal(await Deno.readTextFile(join(root, "CLAUDE.md")), "# Mine\n");
  }));

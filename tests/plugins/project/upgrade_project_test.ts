import assert from "node:assert/strict";
import { join } from "node:path";
import { applyInitPlan } from "../../../plugins/project/apply_init_plan.ts";
import { desiredState } from "../../../plugins/project/desired_state.ts";
import { planInit } from "../../../plugins/project/init_plan.ts";
import { readManifest } from "../../../plugins/project/manifest.ts";
import { upgradeProject } from "../../../plugins/project/upgrade_project.ts";
import { projectPaths } from "../../../core/paths.ts";

const templates = {
  claudeMdSection: "## super-agents v1\n{{agents}}\n",
  projectConfig: '{ "schemaVersion": 1 }\n',
  mcpServer: '{ "command": "super-agents", "args": ["mcp"] }',
  claudeHooks: '{ "Stop": [{ "hooks": [{ "type": "command", "command": "super-agents x" }] }] }',
  claudeGitignore: "state/\n",
};
const v1 = {
  "kept.md": "kept v1\n",
  "edited.md": "edited v1\n",
  "both.md": "both v1\n",
  "old.md": "old\n",
};
const v2 = {
  "kept.md": "kept v2\n",
  "edited.md": "edited v1\n",
  "both.md": "both v2\n",
  "new.md": "new\n",
};

Deno.test("three-way upgrade: untouched files update, edits stay, conflicts get .new", async () => {
  const root = await Deno.makeTempDir();
  try {
    const paths = projectPaths(root);
    const agents = join(root, ".claude", "agents");
    await applyInitPlan(paths, await planInit(paths, desiredState(templates, v1), undefined), "t0");
    await Deno.writeTextFile(join(agents, "edited.md"), "my edit\n");
    await Deno.writeTextFile(join(agents, "both.md"), "my both\n");
    await Deno.writeTextFile(join(root, "CLAUDE.md"), "user line\n", { append: true });
    const desired = desiredState({
      ...templates,
      claudeMdSection: "## super-agents v2\n{{agents}}\n",
    }, v2);

    const dry = await upgradeProject(paths, { desired, dryRun: true });
    assert.ok(dry.some((s) => s.kind === "update"));
    assert.equal(
      await Deno.readTextFile(join(agents, "kept.md")),
      "kept v1\n",
      "dry run writes nothing",
    );

    const steps = await upgradeProject(paths, { desired, now: () => "t1" });
    const kind = (path: string) => steps.find((s) => s.path === path)?.kind;
    assert.equal(kind(".claude/agents/kept.md"), "update");
    assert.equal(await Deno.readTextFile(join(agents, "kept.md")), "kept v2\n");
    assert.equal(kind(".claude/agents/edited.md"), "keep");
    assert.equal(await Deno.readTextFile(join(agents, "edited.md")), "my edit\n");
    assert.equal(kind(".claude/agents/both.md"), "conflict");
    assert.equal(await Deno.readTextFile(join(agents, "both.md")), "my both\n");
    assert.equal(await Deno.readTextFile(join(agents, "both.md.new")), "both v2\n");
    assert.equal(kind(".claude/agents/new.md"), "create");
    assert.equal(kind(".claude/agents/old.md"), "remove");
    const claudeMd = await Deno.readTextFile(join(root, "CLAUDE.md"));
    assert.ok(claudeMd.includes("## super-agents v2") && claudeMd.endsWith("user line\n"));

    const manifest = (await readManifest(paths))!;
    assert.equal(manifest.updatedAt, "t1");
    assert.ok(!manifest.files.some((f) => f.path === ".claude/agents/old.md"));
    const second = await upgradeProject(paths, { desired });
    assert.ok(
      second.every((s) => s.kind === "current" || s.kind === "keep"),
      `a second upgrade changes nothing: ${JSON.stringify(second)}`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("upgrade outside an initialised project says to run init", async () => {
  const root = await Deno.makeTempDir();
  try {
    await assert.rejects(upgradeProject(projectPaths(root)), /has not been initialised/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

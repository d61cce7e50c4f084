/**
 * `upgrade` moves our fields under `experimental: super-agents:` in agent files of both older
 * layouts (top level; a top-level `super-agents:`), keeping user edits.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { parseAgentDefinition } from "../../../agents/definition.ts";
import { applyInitPlan } from "../../../plugins/project/apply_init_plan.ts";
import { desiredState } from "../../../plugins/project/desired_state.ts";
import { planInit } from "../../../plugins/project/init_plan.ts";
import { readManifest } from "../../../plugins/project/manifest.ts";
import { upgradeProject } from "../../../plugins/project/upgrade_project.ts";
import { projectPaths } from "../../../core/paths.ts";
import { agentTemplates } from "../../../templates/agents/mod.ts";
import { projectTemplates } from "../../../templates/mod.ts";

const old = (name: string, layout = "old") =>
  Deno.readTextFileSync(
    new URL(`../../fixtures/agents/${name}.${layout}-layout.md`, import.meta.url),
  );

for (const layout of ["old", "namespaced"]) {
  Deno.test(`upgrade: an untouched ${layout}-layout agent file gets the new layout, an edited one keeps its edit`, async () => {
    const root = await Deno.makeTempDir();
    try {
      const paths = projectPaths(root);
      const v1 = {
        "reviewer-agent.md": old("reviewer-agent", layout),
        "developer-agent.md": old("developer-agent", layout),
      };
      const before = desiredState(projectTemplates, v1);
      await applyInitPlan(paths, await planInit(paths, before, undefined), "t0");
      const developer = join(root, ".claude", "agents", "developer-agent.md");
      const edited = old("developer-agent", layout)
        .replace("timeout: 20m", "timeout: 45m # ours is slow");
      assert.notEqual(edited, old("developer-agent", layout));
      await Deno.writeTextFile(developer, edited);

      const v2 = {
        "reviewer-agent.md": agentTemplates["reviewer-agent.md"],
        "developer-agent.md": agentTemplates["developer-agent.md"],
      };
      const steps = await upgradeProject(paths, {
        desired: desiredState(projectTemplates, v2),
        now: () => "t1",
      });
      const reviewer = await Deno.readTextFile(
        join(root, ".claude", "agents", "reviewer-agent.md"),
      );
      assert.equal(reviewer, agentTemplates["reviewer-agent.md"]);
      const migrated = await Deno.readTextFile(developer);
      assert.match(migrated, /\nexperimental:\n {2}super-agents:\n/);
      assert.match(migrated, /\n {4}timeout: 45m # ours is slow\n/);
      assert.doesNotMatch(migrated, /^(timeout|super-agents):/m);
      const source = { kind: "project" as const, file: "developer-agent.md" };
      const agent = parseAgentDefinition(migrated, source);
      assert.equal(agent.timeout, 45 * 60_000);
      assert.deepEqual(
        { ...agent, timeout: 0 },
        { ...parseAgentDefinition(agentTemplates["developer-agent.md"], source), timeout: 0 },
      );
      const step = steps.find((s) => s.path === ".claude/agents/developer-agent.md");
      assert.equal(step?.kind, "update");
      assert.match(step?.detail ?? "", /your edits kept/);
      await Deno.stat(`${developer}.new`).then(
        () => assert.fail("no .new file for a layout-only change"),
        (error) => assert.ok(error instanceof Deno.errors.NotFound),
      );
      // A second upgrade has nothing left to do for either file.
      const again = await upgradeProject(paths, { desired: desiredState(projectTemplates, v2) });
      for (const file of ["reviewer-agent.md", "developer-agent.md"]) {
        const kind = again.find((s) => s.path === `.claude/agents/${file}`)?.kind;
        assert.ok(kind === "current" || kind === "keep", `${file}: ${kind}`);
      }
      assert.equal(await Deno.readTextFile(developer), migrated);
      assert.ok(await readManifest(paths));
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
}

/** init adds the read-only MCP tools to permissions.allow; uninstall removes exactly those it added. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { applyInitPlan } from "../../../plugins/project/apply_init_plan.ts";
import { desiredState } from "../../../plugins/project/desired_state.ts";
import { planInit } from "../../../plugins/project/init_plan.ts";
import { readManifest } from "../../../plugins/project/manifest.ts";
import { readOnlyAllowRules } from "../../../plugins/project/permissions_allow.ts";
import { uninstallProject } from "../../../plugins/project/uninstall_project.ts";
import { projectPaths } from "../../../core/paths.ts";

const OURS = readOnlyAllowRules("super-agents");
const USER_SETTINGS = JSON.stringify(
  {
    permissions: { allow: ["Bash(git status:*)", "mcp__super-agents__knowledge_query"] },
    hooks: { Stop: [{ hooks: [{ type: "command", command: "notify-send done" }] }] },
  },
  null,
  2,
) + "\n";

async function initialised(settings?: string) {
  const root = await Deno.makeTempDir();
  const paths = projectPaths(root);
  const file = join(root, ".claude", "settings.json");
  if (settings !== undefined) {
    await Deno.mkdir(join(root, ".claude"));
    await Deno.writeTextFile(file, settings);
  }
  await applyInitPlan(paths, await planInit(paths, desiredState(), undefined), "t0");
  return { root, paths, file };
}

const allowOf = async (file: string): Promise<string[]> =>
  JSON.parse(await Deno.readTextFile(file)).permissions?.allow ?? [];

Deno.test("init allows the read-only MCP tools and records only the entries it added", async () => {
  const { root, paths, file } = await initialised(USER_SETTINGS);
  try {
    assert.ok(OURS.includes("mcp__super-agents__knowledge_query"));
    assert.ok(!OURS.some((rule) => /knowledge_save|task_create|agent_run/.test(rule)));
    const allow = await allowOf(file);
    for (const rule of [...OURS, "Bash(git status:*)"]) assert.ok(allow.includes(rule), rule);
    assert.equal(allow.filter((r) => r === "mcp__super-agents__knowledge_query").length, 1);
    const entry = (await readManifest(paths))!.files.find((f) =>
      f.path === ".claude/settings.json"
    );
    assert.deepEqual(
      entry?.addedEntries,
      OURS.filter((rule) => rule !== "mcp__super-agents__knowledge_query"),
    );
    // A second init changes nothing.
    const before = await Deno.readTextFile(file);
    await applyInitPlan(
      paths,
      await planInit(paths, desiredState(), await readManifest(paths)),
      "t1",
    );
    assert.equal(await Deno.readTextFile(file), before);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("uninstall after a user edit removes our entries and keeps the user's", async () => {
  const { root, paths, file } = await initialised(USER_SETTINGS);
  try {
    const settings = JSON.parse(await Deno.readTextFile(file));
    settings.permissions.allow.push("Read(./docs/**)");
    await Deno.writeTextFile(file, JSON.stringify(settings, null, 2) + "\n");
    await uninstallProject(paths);
    const left = JSON.parse(await Deno.readTextFile(file));
    assert.deepEqual(left.permissions.allow, [
      "Bash(git status:*)",
      "mcp__super-agents__knowledge_query",
      "Read(./docs/**)",
    ]);
    assert.deepEqual(Object.keys(left.hooks), ["Stop"]);
    assert.equal(left.hooks.Stop.length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("uninstall of an untouched project restores the user's settings byte for byte", async () => {
  const { root, paths, file } = await initialised(USER_SETTINGS);
  try {
    await uninstallProject(paths);
    assert.equal(await Deno.readTextFile(file), USER_SETTINGS);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a settings file init created holds our rules and goes with uninstall", async () => {
  const { root, paths, file } = await initialised();
  try {
    assert.deepEqual(await allowOf(file), OURS);
    const settings = JSON.parse(await Deno.readTextFile(file));
    settings.env = { KEEP: "1" };
    await Deno.writeTextFile(file, JSON.stringify(settings, null, 2) + "\n");
    await uninstallProject(paths);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(file)), { env: { KEEP: "1" } });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

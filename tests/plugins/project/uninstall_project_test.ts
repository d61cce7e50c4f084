import assert from "node:assert/strict";
import { join } from "node:path";
import { applyInitPlan } from "../../../plugins/project/apply_init_plan.ts";
import { desiredState } from "../../../plugins/project/desired_state.ts";
import { planInit } from "../../../plugins/project/init_plan.ts";
import { uninstallProject } from "../../../plugins/project/uninstall_project.ts";
import { projectPaths } from "../../../core/paths.ts";

async function initialised(): Promise<string> {
  const root = await Deno.makeTempDir();
  const paths = projectPaths(root);
  await applyInitPlan(paths, await planInit(paths, desiredState(), undefined), "t0");
  return root;
}

Deno.test("uninstall refuses while km.pid names a live process, and says why", async () => {
  const root = await initialised();
  const child = new Deno.Command("sleep", { args: ["30"] }).spawn();
  try {
    await Deno.writeTextFile(join(root, ".claude", "state", "km.pid"), `${child.pid}\n`);
    await assert.rejects(uninstallProject(projectPaths(root)), /running \(pid \d+/);
    assert.ok((await Deno.stat(join(root, ".claude", "manifest.json"))).isFile, "nothing removed");
  } finally {
    child.kill("SIGKILL");
    await child.status;
  }
  // Now the pid is dead: a stale pid file does not block, and runtime data goes with its directory.
  const steps = await uninstallProject(projectPaths(root));
  assert.ok(steps.some((s) => s.kind === "purge" && s.path === ".claude/state"));
  assert.deepEqual([...Deno.readDirSync(root)], []);
  await Deno.remove(root, { recursive: true });
});

Deno.test("uninstall keeps an edited file of ours unless --force, and dry-run changes nothing", async () => {
  const root = await initialised();
  try {
    const config = join(root, ".claude", "config.json");
    await Deno.writeTextFile(config, '{ "schemaVersion": 1, "log": { "level": "debug" } }\n');
    const dry = await uninstallProject(projectPaths(root), { dryRun: true });
    assert.ok(dry.some((s) => s.kind === "keep" && s.path === ".claude/config.json"));
    assert.ok((await Deno.stat(join(root, ".claude", "manifest.json"))).isFile);
    const steps = await uninstallProject(projectPaths(root));
    assert.ok(steps.some((s) => s.kind === "keep" && s.path === ".claude"));
    assert.deepEqual([...Deno.readDirSync(join(root, ".claude"))].map((e) => e.name), [
      "config.json",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("uninstall without a manifest explains there is nothing to undo", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(root, ".claude"));
    await assert.rejects(uninstallProject(projectPaths(root)), /no \.claude\/manifest\.json/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

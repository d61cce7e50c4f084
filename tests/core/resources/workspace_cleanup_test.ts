/**
 * Workspace clean-up: only workspaces older than the age limit go, then the
 * oldest beyond the size cap; recently touched ones (by any file inside)
 * are kept; a symlinked workspace is removed as a link, its target kept.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  applyCleanup,
  listWorkspaces,
  planCleanup,
} from "../../../core/resources/workspace_cleanup.ts";
import { autoCleanWorkspaces } from "../../../core/resources/auto_clean.ts";

const DAY = 86_400_000;
const NOW = Date.now();

async function workspace(dir: string, name: string, ageDays: number, bytes = 10): Promise<string> {
  const path = join(dir, name);
  await Deno.mkdir(path, { recursive: true });
  const file = join(path, "out.txt");
  await Deno.writeFile(file, new Uint8Array(bytes));
  const when = new Date(NOW - ageDays * DAY);
  await Deno.utime(file, when, when);
  await Deno.utime(path, when, when);
  return path;
}

const settings = { workspaceMaxAgeDays: 7, workspaceMaxTotalMb: 0, workspaceGraceMinutes: 60 };

Deno.test("clean-up removes only workspaces older than the age limit", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-ws-" });
  try {
    await workspace(dir, "job_old", 10);
    await workspace(dir, "job_new", 1);
    const touched = await workspace(dir, "job_old_but_touched", 30);
    await Deno.writeTextFile(join(touched, "fresh.log"), "written just now\n");
    const plan = planCleanup(await listWorkspaces(dir), settings, NOW);
    assert.deepEqual(plan.remove.map((w) => [w.name, w.reason]), [["job_old", "age"]]);
    assert.deepEqual(await applyCleanup(plan), ["job_old"]);
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left, ["job_new", "job_old_but_touched"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("clean-up removes the oldest beyond the size cap, never within the grace period", () => {
  const mb = 1024 * 1024;
  const entry = (name: string, ageDays: number, size: number) => ({
    name,
    path: `/ws/${name}`,
    bytes: size * mb,
    touchedAt: NOW - ageDays * DAY,
  });
  const workspaces = [entry("a", 3, 4), entry("b", 2, 4), entry("c", 0, 4)];
  const plan = planCleanup(workspaces, { ...settings, workspaceMaxTotalMb: 5 }, NOW);
  // a and b go for size; c is younger than the grace period and stays even over the cap.
  assert.deepEqual(plan.remove.map((w) => [w.name, w.reason]), [["a", "size"], ["b", "size"]]);
  assert.deepEqual(plan.keep.map((w) => w.name), ["c"]);
  assert.equal(plan.freedBytes, 8 * mb);
});

Deno.test("clean-up removes a symlinked workspace as a link, never its target", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-ws-" });
  const outside = await Deno.makeTempDir({ prefix: "sa-outside-" });
  try {
    await Deno.writeTextFile(join(outside, "precious.txt"), "keep me\n");
    await Deno.symlink(outside, join(dir, "job_link"));
    const old = new Date(NOW - 30 * DAY);
    const plan = planCleanup(
      (await listWorkspaces(dir)).map((w) => ({ ...w, touchedAt: old.getTime() })),
      settings,
      NOW,
    );
    assert.deepEqual(await applyCleanup(plan), ["job_link"]);
    assert.equal(await Deno.readTextFile(join(outside, "precious.txt")), "keep me\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("automatic clean-up runs at most hourly and only when enabled", async () => {
  const base = await Deno.makeTempDir({ prefix: "sa-auto-" });
  const paths = { state: join(base, "state"), workspaces: join(base, "ws") };
  const resources = {
    ...settings,
    autoClean: true,
    minFreeDiskMb: 0,
    runsPerMinute: 0,
    tasksPerMinute: 0,
  };
  try {
    await workspace(paths.workspaces, "job_1", 10);
    assert.deepEqual(await autoCleanWorkspaces(paths, { ...resources, autoClean: false }), []);
    assert.deepEqual(await autoCleanWorkspaces(paths, resources, () => NOW), ["job_1"]);
    await workspace(paths.workspaces, "job_2", 10);
    assert.deepEqual(await autoCleanWorkspaces(paths, resources, () => NOW + 60_000), []);
    assert.deepEqual(
      await autoCleanWorkspaces(paths, resources, () => NOW + 2 * 3_600_000),
      ["job_2"],
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

/**
 * The automatic workspace clean-up: at most once an hour per project (see
 * `periodic_stamp.ts`), when `resources.autoClean` is on.
 * @module
 */

import { join } from "node:path";
import type { Config } from "../config/schema.ts";
import { atMostEvery } from "../periodic_stamp.ts";
import { ensureDiskSpace } from "./disk_space.ts";
import type { ProjectPaths } from "../paths.ts";
import { applyCleanup, listWorkspaces, planCleanup } from "./workspace_cleanup.ts";

const INTERVAL_MS = 3_600_000;

/**
 * Cleans old workspaces if the last automatic clean-up is over an hour ago;
 * resolves with the names removed (empty when skipped).
 *
 * @example
 * ```ts
 * await autoCleanWorkspaces(paths, config.resources); // in `worker` start-up
 * ```
 */
export async function autoCleanWorkspaces(
  paths: Pick<ProjectPaths, "state" | "workspaces">,
  settings: Config["resources"],
  now: () => number = Date.now,
): Promise<string[]> {
  if (!settings.autoClean) return [];
  const stamp = join(paths.state, "workspaces.cleaned");
  const removed = await atMostEvery(stamp, INTERVAL_MS, now, async () => {
    const plan = planCleanup(await listWorkspaces(paths.workspaces), settings, now());
    return await applyCleanup(plan);
  });
  return removed ?? [];
}

/**
 * Before agents write workspaces: the automatic clean-up, then the disk
 * guard (`resources.minFreeDiskMb` must stay free), which throws
 * `DISK_SPACE_LOW` with the clean-up command as its hint.
 *
 * @example
 * ```ts
 * await prepareWorkspaceSpace(paths, config.resources, ctx.now); // worker start-up
 * ```
 */
export async function prepareWorkspaceSpace(
  paths: Pick<ProjectPaths, "state" | "workspaces">,
  settings: Config["resources"],
  now: () => number = Date.now,
): Promise<string[]> {
  const removed = await autoCleanWorkspaces(paths, settings, now);
  await ensureDiskSpace(paths.workspaces, {
    minFreeBytes: settings.minFreeDiskMb * 1024 * 1024,
    what: "agent workspaces",
    now,
  });
  return removed;
}

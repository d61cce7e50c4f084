/**
 * Clean-up of agent workspaces (`.claude/workspaces/<job-id>/`): those
 * untouched for longer than the age limit go, then the oldest until the
 * total fits the size cap. "Touched" is the newest modification time of
 * anything inside, and a workspace touched within the grace period is never
 * removed, because a running job may be using it. Only direct children of
 * the workspaces directory are removed, and symbolic links are removed as
 * links, never followed.
 * @module
 */

import { join } from "node:path";
import type { Config } from "../config/schema.ts";

/** One workspace and what the clean-up decided. */
export interface WorkspaceEntry {
  name: string;
  path: string;
  bytes: number;
  /** Newest modification time inside (ms since the epoch). */
  touchedAt: number;
  reason?: "age" | "size";
}

/** What a clean-up removes and keeps. */
export interface CleanupPlan {
  remove: WorkspaceEntry[];
  keep: WorkspaceEntry[];
  /** Bytes the removals free. */
  freedBytes: number;
}

/** The settings a clean-up reads (the `resources` config section). */
export type CleanupSettings = Pick<
  Config["resources"],
  "workspaceMaxAgeDays" | "workspaceMaxTotalMb" | "workspaceGraceMinutes"
>;

const DAY_MS = 86_400_000;

async function measure(path: string): Promise<{ bytes: number; touchedAt: number }> {
  const info = await Deno.lstat(path);
  let bytes = info.size;
  let touchedAt = info.mtime?.getTime() ?? 0;
  if (info.isDirectory) {
    for await (const entry of Deno.readDir(path)) {
      const inner = await measure(join(path, entry.name));
      bytes += inner.bytes;
      touchedAt = Math.max(touchedAt, inner.touchedAt);
    }
  }
  return { bytes, touchedAt };
}

/** Every workspace under `dir` with its size and last touch, oldest first. */
export async function listWorkspaces(dir: string): Promise<WorkspaceEntry[]> {
  const entries: WorkspaceEntry[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      entries.push({ name: entry.name, path, ...(await measure(path)) });
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return []; // no workspaces yet
    throw error;
  }
  return entries.sort((a, b) => a.touchedAt - b.touchedAt || a.name.localeCompare(b.name));
}

/**
 * Decides which workspaces go.
 *
 * @example
 * ```ts
 * const plan = planCleanup(await listWorkspaces(paths.workspaces), config.resources, Date.now());
 * plan.remove.map((w) => w.name); // ["job_01H...", ...]
 * ```
 */
export function planCleanup(
  workspaces: WorkspaceEntry[],
  settings: CleanupSettings,
  now: number,
): CleanupPlan {
  const graceFrom = now - settings.workspaceGraceMinutes * 60_000;
  const oldFrom = now - settings.workspaceMaxAgeDays * DAY_MS;
  const remove: WorkspaceEntry[] = [];
  const keep: WorkspaceEntry[] = [];
  for (const workspace of workspaces) {
    if (workspace.touchedAt < oldFrom && workspace.touchedAt < graceFrom) {
      remove.push({ ...workspace, reason: "age" });
    } else keep.push(workspace);
  }
  const cap = settings.workspaceMaxTotalMb * 1024 * 1024;
  let total = keep.reduce((sum, workspace) => sum + workspace.bytes, 0);
  if (cap > 0 && total > cap) {
    for (const workspace of [...keep]) { // oldest first
      if (total <= cap) break;
      if (workspace.touchedAt >= graceFrom) continue;
      keep.splice(keep.indexOf(workspace), 1);
      remove.push({ ...workspace, reason: "size" });
      total -= workspace.bytes;
    }
  }
  return { remove, keep, freedBytes: remove.reduce((sum, w) => sum + w.bytes, 0) };
}

/** Removes the planned workspaces; resolves with the names removed. */
export async function applyCleanup(plan: CleanupPlan): Promise<string[]> {
  const removed: string[] = [];
  for (const workspace of plan.remove) {
    try {
      await Deno.remove(workspace.path, { recursive: true });
      removed.push(workspace.name);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // removed meanwhile: fine
    }
  }
  return removed;
}

/**
 * What `clean` removes of parallel flows: the worktrees and branches a
 * flow kept because it failed (or was left behind by a queue pruned since),
 * once nothing of the flow runs any more and its worktrees were untouched
 * for the age limit of workspaces. A running flow and a finished flow's
 * result branch are never touched.
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { TaskQueue } from "../../core/queue/queue.ts";
import { readFlow } from "./flow_state.ts";
import { removeFlowWorktrees, worktreesDir } from "./worktrees.ts";

/** A flow whose worktrees may go. */
export interface StaleFlow {
  flow: string;
  /** `needs-attention`, `discarded`, or `no jobs left in the queue`. */
  reason: string;
  touchedAt: number;
}

async function touchedAt(dir: string): Promise<number> {
  let newest = (await Deno.stat(dir)).mtime?.getTime() ?? 0;
  for await (const entry of Deno.readDir(dir)) {
    const info = await Deno.lstat(join(dir, entry.name));
    newest = Math.max(newest, info.mtime?.getTime() ?? 0);
  }
  return newest;
}

/** Whether any flow has worktrees here (so `clean` opens the queue only then). */
export async function hasFlowWorktrees(paths: ProjectPaths): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(worktreesDir(paths))) {
      if (entry.isDirectory && /^(flow|job)_/.test(entry.name)) return true;
    }
    return false;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * The flows under `.claude/worktrees/` that `clean` may remove now.
 *
 * @example
 * ```ts
 * const stale = await staleFlows(paths, queue, { maxAgeMs: 7 * 86_400_000, now: Date.now() });
 * ```
 */
export async function staleFlows(
  paths: ProjectPaths,
  queue: TaskQueue,
  options: { maxAgeMs: number; now: number },
): Promise<StaleFlow[]> {
  const stale: StaleFlow[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(worktreesDir(paths))];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isDirectory || !/^(flow|job)_/.test(entry.name)) continue;
    const touched = await touchedAt(join(worktreesDir(paths), entry.name));
    if (options.now - touched < options.maxAgeMs) continue;
    let reason: string;
    try {
      const view = await readFlow(queue, paths, entry.name);
      if (view.state === "running" || view.state === "ready") continue;
      reason = view.state;
    } catch (error) {
      if (!(error instanceof SuperAgentsError && error.code === "FLOW_NOT_FOUND")) throw error;
      reason = "no jobs left in the queue";
    }
    stale.push({ flow: entry.name, reason, touchedAt: touched });
  }
  return stale.sort((a, b) => a.flow.localeCompare(b.flow));
}

/** Removes the worktrees and branches of `flows`. */
export async function pruneFlows(paths: ProjectPaths, flows: StaleFlow[]): Promise<void> {
  for (const { flow } of flows) await removeFlowWorktrees(paths, flow, { branches: true });
}

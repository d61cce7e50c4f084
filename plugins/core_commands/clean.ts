/**
 * `super-agents clean [--dry-run] [--older-than <days>]`: removes agent
 * workspaces (`.claude/workspaces/<job-id>/`) untouched for longer than
 * `resources.workspaceMaxAgeDays`, then the oldest beyond
 * `resources.workspaceMaxTotalMb`; workspaces touched within
 * `resources.workspaceGraceMinutes` are always kept. The worktrees and
 * branches a failed parallel flow kept (`.claude/worktrees/<flow>/`) go too,
 * once nothing of the flow runs and they were untouched for the same age.
 * @module
 */

import { booleanFlag, defineCommand, numberFlag } from "../../core/cli/command.ts";
import { loadConfig } from "../../core/config/load.ts";
import { type ProjectPaths, requireProject } from "../../core/paths.ts";
import type { Context } from "../../core/context.ts";
import { withProjectQueue } from "../../core/queue/project_queue.ts";
import {
  hasFlowWorktrees,
  pruneFlows,
  type StaleFlow,
  staleFlows,
} from "../flows/prune_worktrees.ts";
import { formatBytes } from "../../core/resources/disk_space.ts";
import {
  applyCleanup,
  listWorkspaces,
  planCleanup,
} from "../../core/resources/workspace_cleanup.ts";

/** The `clean` command. */
export const command = defineCommand({
  name: "clean",
  summary: "remove old agent workspaces (--dry-run to preview)",
  description:
    "Workspaces untouched for resources.workspaceMaxAgeDays (default 7) are removed, then\n" +
    "the oldest until .claude/workspaces/ fits resources.workspaceMaxTotalMb (default 2048).\n" +
    "A workspace touched in the last resources.workspaceGraceMinutes (default 60) is kept.",
  flags: {
    "dry-run": { type: "boolean", description: "list what would be removed; remove nothing" },
    "older-than": {
      type: "integer",
      min: 1,
      unit: "days",
      example: "3",
      description: "<days> age limit for this run",
    },
  },
  examples: [
    "super-agents clean --dry-run",
    "super-agents clean",
    "super-agents clean --older-than 1 --json",
  ],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const settings = { ...config.resources };
    const olderThan = numberFlag(args, "older-than");
    if (olderThan !== undefined) settings.workspaceMaxAgeDays = olderThan;
    const dryRun = booleanFlag(args, "dry-run");
    const plan = planCleanup(await listWorkspaces(paths.workspaces), settings, ctx.now());
    const removed = dryRun ? [] : await applyCleanup(plan);
    const flows = await cleanFlowWorktrees(ctx, paths, settings.workspaceMaxAgeDays, dryRun);
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({
          dryRun,
          removed: dryRun ? [] : removed,
          wouldRemove: dryRun ? plan.remove.map((w) => w.name) : [],
          kept: plan.keep.map((w) => w.name),
          freedBytes: plan.freedBytes,
          worktrees: flows.map((f) => ({ flow: f.flow, reason: f.reason })),
        }) + "\n",
      );
      return;
    }
    for (const stale of flows) {
      const age = ((ctx.now() - stale.touchedAt) / 86_400_000).toFixed(1);
      ctx.stdout.write(
        `${dryRun ? "would remove" : "removed"} the worktrees and branches of ${stale.flow}  ` +
          `${age} days old (${stale.reason})\n`,
      );
    }
    if (plan.remove.length === 0) {
      ctx.stdout.write(`nothing to clean: ${plan.keep.length} workspace(s) kept\n`);
      return;
    }
    for (const workspace of plan.remove) {
      const age = ((ctx.now() - workspace.touchedAt) / 86_400_000).toFixed(1);
      ctx.stdout.write(
        `${dryRun ? "would remove" : "removed"} ${workspace.name}  ` +
          `${formatBytes(workspace.bytes)}, ${age} days old (${workspace.reason})\n`,
      );
    }
    ctx.stdout.write(
      `${dryRun ? "would free" : "freed"} ${formatBytes(plan.freedBytes)}; ` +
        `${plan.keep.length} workspace(s) kept\n`,
    );
  },
});

/** The worktrees of failed or forgotten parallel flows (`.claude/worktrees/`), pruned unless dry. */
async function cleanFlowWorktrees(
  ctx: Context,
  paths: ProjectPaths,
  maxAgeDays: number,
  dryRun: boolean,
): Promise<StaleFlow[]> {
  if (!(await hasFlowWorktrees(paths))) return []; // no flow ever kept one: the queue stays closed
  const stale = await withProjectQueue(
    ctx,
    ({ queue }) => staleFlows(paths, queue, { maxAgeMs: maxAgeDays * 86_400_000, now: ctx.now() }),
  );
  if (!dryRun) await pruneFlows(paths, stale);
  return stale;
}

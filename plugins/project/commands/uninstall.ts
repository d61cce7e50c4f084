/**
 * `super-agents uninstall [--force] [--dry-run]`: removes what `init`
 * created (per `.claude/manifest.json`), restores the backups, and removes
 * the git hooks that `init` or `hooks install` added, putting back the hooks
 * they chained byte for byte.
 * @module
 */

import { recordAudit } from "../../../core/audit/record_audit.ts";
import { booleanFlag, defineCommand } from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { errorMessage } from "../../../core/errors.ts";
import { unregisterProject } from "../global/project_index.ts";
import { globalPaths, requireProject } from "../../../core/paths.ts";
import { gitHooksCommand, type HookLine, insideGitRepository } from "../git_hooks_cli.ts";
import { permissionError } from "../permission_error.ts";
import { printSteps, type ReportStep } from "../steps_report.ts";
import { uninstallProject } from "../uninstall_project.ts";

/** The git hooks uninstall removed (or, in a dry run, would remove), as report steps. */
async function hookSteps(root: string, dryRun: boolean): Promise<ReportStep[]> {
  if (!await insideGitRepository(root)) return [];
  const lines: HookLine[] = await gitHooksCommand(root, dryRun ? "status" : "uninstall");
  return lines.flatMap((line): ReportStep[] => {
    if (dryRun) {
      if (line.state === "installed") return [{ kind: "delete", path: line.path }];
      if (line.state === "installed+chained") {
        return [{ kind: "restore", path: line.path, detail: "the chained hook comes back" }];
      }
      return [];
    }
    if (line.action === "removed") return [{ kind: "delete", path: line.path }];
    if (line.action === "restored") {
      return [{ kind: "restore", path: line.path, detail: "the chained hook is back" }];
    }
    return [];
  });
}

async function run(ctx: Context, force: boolean, dryRun: boolean): Promise<number> {
  const paths = requireProject(ctx);
  let steps;
  try {
    steps = await uninstallProject(paths, { force, dryRun });
  } catch (error) {
    throw permissionError(error, paths.root, "uninstall super-agents");
  }
  // After the project files: a refused uninstall (a running KM) leaves the hooks in place.
  steps = [...steps, ...await hookSteps(paths.root, dryRun)];
  if (!dryRun) {
    await recordAudit(ctx, { action: "project.uninstall", target: paths.root }, { project: false });
  }
  let indexWarning: string | undefined;
  if (!dryRun) {
    try {
      await unregisterProject(globalPaths(ctx), paths.root);
    } catch (error) {
      // The project is uninstalled; the index prunes vanished projects on its next update.
      indexWarning = `could not update the project index: ${errorMessage(error)}`;
    }
  }
  const kept = steps.filter((step) => step.kind === "keep");
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ root: paths.root, dryRun, steps, kept }) + "\n");
  } else {
    const heading = dryRun
      ? `Dry run: uninstall would do this in ${paths.root} (nothing changed):`
      : `Uninstalled super-agents from ${paths.root}:`;
    printSteps(ctx, heading, steps);
    if (kept.length) {
      ctx.stdout.write(
        `${kept.length} path(s) kept because you changed them since init` +
          (force ? ".\n" : "; `super-agents uninstall --force` removes edited files of ours.\n"),
      );
    }
  }
  if (indexWarning) ctx.stderr.write(`warning: ${indexWarning}\n`);
  return 0;
}

/** The `uninstall` command. */
export const command = defineCommand({
  name: "uninstall",
  summary: "remove what init created and restore backed-up files",
  description:
    "Removes exactly what .claude/manifest.json lists and restores the originals from\n" +
    ".claude/backups/. Files you edited since init are reported: shared files (CLAUDE.md,\n" +
    ".mcp.json, .claude/settings.json) lose only our part; other files of ours are kept unless\n" +
    "--force. Removes the git hooks init or `hooks install` added and restores the hooks they\n" +
    "chained. Refuses while the project's Knowledge Manager or worker is running.",
  flags: {
    force: { type: "boolean", description: "also delete files of ours that you edited" },
    "dry-run": { type: "boolean", description: "print what would happen and change nothing" },
  },
  examples: [
    "super-agents uninstall --dry-run",
    "super-agents uninstall",
    "super-agents uninstall --force",
  ],
  run: (ctx, args) => run(ctx, booleanFlag(args, "force"), booleanFlag(args, "dry-run")),
});

/**
 * `super-agents uninstall [--force] [--dry-run]`: removes what `init`
 * created (per `.claude/manifest.json`) and restores the backups.
 * @module
 */

import { recordAudit } from "../audit/record_audit.ts";
import { booleanFlag, defineCommand } from "../cli/command.ts";
import type { Context } from "../context.ts";
import { errorMessage } from "../errors.ts";
import { unregisterProject } from "../global/project_index.ts";
import { globalPaths, requireProject } from "../paths.ts";
import { permissionError } from "../project/permission_error.ts";
import { printSteps } from "../project/steps_report.ts";
import { uninstallProject } from "../project/uninstall_project.ts";

async function run(ctx: Context, force: boolean, dryRun: boolean): Promise<number> {
  const paths = requireProject(ctx);
  let steps;
  try {
    steps = await uninstallProject(paths, { force, dryRun });
  } catch (error) {
    throw permissionError(error, paths.root, "uninstall super-agents");
  }
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
    "--force. Refuses while the project's Knowledge Manager is running.",
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

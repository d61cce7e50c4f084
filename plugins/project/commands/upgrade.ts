/**
 * `super-agents upgrade [--dry-run]`: refreshes the project's templates,
 * keeping user edits (three-way, see `plugins/project/upgrade_project.ts`).
 * @module
 */

import { booleanFlag, defineCommand } from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { requireProject } from "../../../core/paths.ts";
import { moveAnalyticsSettings } from "../../analytics/move_settings.ts";
import { permissionError } from "../permission_error.ts";
import { renameConfigNames } from "../rename_config_names.ts";
import { printSteps } from "../steps_report.ts";
import { upgradeProject } from "../upgrade_project.ts";
import { VERSION } from "../../../core/version.ts";

async function run(ctx: Context, dryRun: boolean): Promise<number> {
  const paths = requireProject(ctx);
  let steps;
  try {
    steps = await upgradeProject(paths, {
      dryRun,
      now: () => new Date(ctx.now()).toISOString(),
    });
    // Settings of earlier versions' .claude/analytics.json move into the config's section.
    const moved = await moveAnalyticsSettings(paths, dryRun);
    if (moved) steps.push(moved);
    // Old check and agent names (`fs-guard`) in the config file become the current ones.
    const renamed = await renameConfigNames(paths, dryRun);
    if (renamed) steps.push(renamed);
  } catch (error) {
    throw permissionError(error, paths.root, "upgrade super-agents");
  }
  const conflicts = steps.filter((step) => step.kind === "conflict");
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ root: paths.root, version: VERSION, dryRun, steps }) + "\n");
    return 0;
  }
  const changes = steps.filter((step) => step.kind !== "current");
  if (changes.length === 0) {
    ctx.stdout.write(`Up to date: ${paths.root} matches super-agents ${VERSION}\n`);
    return 0;
  }
  printSteps(
    ctx,
    dryRun
      ? `Dry run: upgrade to ${VERSION} would do this in ${paths.root} (nothing written):`
      : `Upgraded ${paths.root} to super-agents ${VERSION}:`,
    changes,
  );
  if (conflicts.length) {
    ctx.stdout.write(
      `${conflicts.length} file(s) changed both by you and by the new version: yours were kept;\n` +
        "compare each with its .new file, merge what you want, then delete the .new file.\n",
    );
  }
  return 0;
}

/** The `upgrade` command. */
export const command = defineCommand({
  name: "upgrade",
  summary: "refresh this project's templates, keeping your edits",
  description:
    "For every file init wrote, compares the template it wrote (hash in the manifest),\n" +
    "the new template and your file: untouched files are updated, your edits are kept, and when\n" +
    "both changed your file stays and the new version is written beside it as <file>.new.\n" +
    "Renamed check and agent names in .claude/config.json (fs-guard, test-runner, ...) are\n" +
    'rewritten to the current ones, and .claude/analytics.json moves into its "analytics" section.',
  flags: {
    "dry-run": { type: "boolean", description: "print what would change and write nothing" },
  },
  examples: ["super-agents upgrade --dry-run", "super-agents upgrade"],
  run: (ctx, args) => run(ctx, booleanFlag(args, "dry-run")),
});

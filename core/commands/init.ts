/**
 * `super-agents init [--force] [--dry-run] [directory]`: sets up `.claude/`
 * in a project without clobbering anything (see `core/project/`).
 * @module
 */

import { resolve } from "node:path";
import { booleanFlag, defineCommand } from "../cli/command.ts";
import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";
import { initProject } from "../project/init_project.ts";
import { permissionError } from "../project/permission_error.ts";
import { printSteps } from "../project/steps_report.ts";

/** Checks that `root` is an existing directory. */
export async function requireDirectory(root: string): Promise<void> {
  try {
    if ((await Deno.stat(root)).isDirectory) return;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new SuperAgentsError("NO_SUCH_DIRECTORY", `${root} does not exist`, {
      hint: "create the directory first, or run init inside an existing project",
    });
  }
  throw new SuperAgentsError("NOT_A_DIRECTORY", `${root} is not a directory`, {
    hint: "pass the project's directory",
  });
}

async function run(ctx: Context, root: string, force: boolean, dryRun: boolean): Promise<number> {
  await requireDirectory(root);
  let result;
  try {
    result = await initProject(ctx, root, { force, dryRun });
  } catch (error) {
    throw permissionError(error, root, "initialise super-agents");
  }
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify(result) + "\n");
    return 0;
  }
  const changes = result.steps.filter((step) => step.kind !== "keep");
  if (!result.changed) {
    ctx.stdout.write(`Already initialised: nothing to do in ${root}\n`);
  } else if (dryRun) {
    printSteps(
      ctx,
      `Dry run: init would make these changes in ${root} (nothing written):`,
      changes,
    );
  } else {
    printSteps(ctx, `Initialised super-agents in ${root}:`, changes);
    ctx.stdout.write(
      "Every change is listed in .claude/manifest.json; `super-agents uninstall` reverts it.\n",
    );
  }
  const conflicts = result.steps.filter((step) => step.kind === "conflict");
  if (conflicts.length && result.changed === false) {
    printSteps(ctx, "Not installed (your files were kept):", conflicts);
  }
  if (result.indexWarning) ctx.stderr.write(`warning: ${result.indexWarning}\n`);
  return 0;
}

/** The `init` command. */
export const command = defineCommand({
  name: "init",
  summary: "set up .claude/ in this project (non-destructive)",
  description:
    "Creates .claude/{state,events,registry,logs,agents,triggers,workspaces}, the agent\n" +
    "definitions and .claude/config.json, and merges a marked section into CLAUDE.md and entries\n" +
    "into .mcp.json and .claude/settings.json without touching anything else. Changed files are\n" +
    "backed up under .claude/backups/; every change is recorded in .claude/manifest.json.\n" +
    "Running it again is a no-op.",
  flags: {
    force: {
      type: "boolean",
      description: "replace differing files that are not ours (backed up first)",
    },
    "dry-run": { type: "boolean", description: "print the plan and write nothing" },
  },
  positionals: [{ name: "directory", description: "project directory (default: the current one)" }],
  examples: [
    "super-agents init",
    "super-agents init --dry-run",
    "super-agents init ~/code/my-app --json",
  ],
  run: (ctx, args) =>
    run(
      ctx,
      resolve(ctx.cwd, args.positionals[0] ?? "."),
      booleanFlag(args, "force"),
      booleanFlag(args, "dry-run"),
    ),
});

/**
 * `super-agents hooks install|uninstall|status`: the git hooks that run the
 * pre-commit gate, queue agents after commits and merges, and check pushes.
 * With husky or the pre-commit framework in the repository, install prints
 * the snippet for their configuration instead (or installs anyway with
 * `--force`).
 * @module
 */

import { booleanFlag, defineCommand } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { repoRoot } from "../local_checks/git_command.ts";
import { absoluteLauncher } from "../project/launcher.ts";
import { HOOK_NAMES, type HookName } from "./hook_script.ts";
import { detectHookManagers, type HookManager } from "./integrations.ts";
import {
  type HookReport,
  hooksDirectory,
  hookState,
  installHooks,
  uninstallHooks,
} from "./install.ts";

const DEFAULT_HOOKS: HookName[] = ["pre-commit", "post-commit", "post-merge", "pre-push"];

async function locate(ctx: Context) {
  const root = await repoRoot(ctx.cwd);
  return { root, dir: await hooksDirectory(root) };
}

function printReports(ctx: Context, reports: HookReport[], extra: Record<string, unknown>) {
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ ...extra, hooks: reports }) + "\n");
    return;
  }
  for (const r of reports) {
    ctx.stdout.write(`${r.hook.padEnd(12)} ${r.state.padEnd(18)} ${r.action ?? ""}\n`);
  }
}

function printManagers(ctx: Context, managers: HookManager[]) {
  for (const manager of managers) {
    ctx.stdout.write(
      `${manager.name} manages this repository's hooks: add this to ${manager.where} ` +
        `(or run \`super-agents hooks install --force\`):\n\n${manager.snippet}\n`,
    );
  }
}

const install = defineCommand({
  name: "install",
  summary: "install pre-commit, post-commit, post-merge and pre-push hooks",
  flags: {
    "commit-msg": {
      type: "boolean",
      description: "also install commit-msg (secret scan of the message)",
    },
    force: {
      type: "boolean",
      description: "install even when husky or pre-commit manage the hooks",
    },
  },
  examples: ["super-agents hooks install", "super-agents hooks install --commit-msg"],
  async run(ctx, args) {
    const { root, dir } = await locate(ctx);
    const managers = await detectHookManagers(root, dir);
    if (managers.length && !booleanFlag(args, "force")) {
      if (ctx.json) ctx.stdout.write(JSON.stringify({ installed: false, dir, managers }) + "\n");
      else printManagers(ctx, managers);
      return 0;
    }
    const hooks = booleanFlag(args, "commit-msg")
      ? [...DEFAULT_HOOKS, "commit-msg" as const]
      : DEFAULT_HOOKS;
    // The fallback when `super-agents` is not on PATH (a hook's PATH may be short, too).
    const reports = await installHooks(dir, hooks, absoluteLauncher());
    printReports(ctx, reports, { installed: true, dir });
    if (!ctx.json) ctx.stdout.write(`hooks installed in ${dir}\n`);
  },
});

const uninstall = defineCommand({
  name: "uninstall",
  summary: "remove the hooks and restore the ones they chained",
  examples: ["super-agents hooks uninstall"],
  async run(ctx) {
    const { dir } = await locate(ctx);
    const reports = await uninstallHooks(dir, HOOK_NAMES);
    printReports(ctx, reports, { dir });
  },
});

const status = defineCommand({
  name: "status",
  summary: "show which hooks are installed, chained or foreign",
  examples: ["super-agents hooks status", "super-agents hooks status --json"],
  async run(ctx) {
    const { root, dir } = await locate(ctx);
    const reports: HookReport[] = [];
    for (const hook of HOOK_NAMES) {
      reports.push({ hook, state: await hookState(dir, hook), path: `${dir}/${hook}` });
    }
    const managers = (await detectHookManagers(root, dir)).map((m) => m.name);
    printReports(ctx, reports, { dir, managers });
    if (!ctx.json) {
      ctx.stdout.write(
        `hooks directory: ${dir}${managers.length ? ` (managed by ${managers.join(", ")})` : ""}\n`,
      );
    }
  },
});

/** The `hooks` command. */
export const command = defineCommand({
  name: "hooks",
  summary: "install, remove or inspect the git hooks",
  description: "Hooks respect core.hooksPath and chain an existing hook instead of replacing it " +
    "(it is renamed <hook>.super-agents-chained, run first, and restored by uninstall).",
  subcommands: { install, uninstall, status },
  examples: [
    "super-agents hooks install",
    "super-agents hooks status",
    "super-agents hooks uninstall",
  ],
});

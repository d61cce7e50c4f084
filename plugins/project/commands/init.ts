/**
 * `super-agents init [--force] [--dry-run] [directory]`: sets up `.claude/`
 * in a project without clobbering anything (see `plugins/project/`). Optional
 * setup — template, agents, port range, model ids — comes from flags or,
 * with `--interactive`, from a wizard that asks what no flag set
 * (`plugins/project/init_wizard.ts`, applied by `plugins/project/init_setup.ts`). In a
 * git repository the git hooks are installed unless `--no-hooks` (a terminal
 * is asked, default yes). When `super-agents` is not on PATH, `.mcp.json`
 * and the hooks get the absolute command that runs this super-agents
 * (`plugins/project/launcher.ts`), and the summary says so.
 * @module
 */

import { resolve } from "node:path";
import { booleanFlag, type CommandArgs, defineCommand } from "../../../core/cli/command.ts";
import { initWizardFlags, setupFromFlags, wizardFacts } from "../init_wizard_flags.ts";
import { runInitWizard } from "../init_wizard.ts";
import { progressMode, spinner } from "../../../core/cli/progress.ts";
import { lineReader, parseYesNo, prompter } from "../../../core/cli/prompt.ts";
import type { Context } from "../../../core/context.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { projectPaths } from "../../../core/paths.ts";
import { applySetupConfig, type InitSetup, installGitHooks, setupConfig } from "../init_setup.ts";
import { initProject } from "../init_project.ts";
import { insideGitRepository } from "../git_hooks_cli.ts";
import { detectLauncher, type Launcher } from "../launcher.ts";
import { permissionError } from "../permission_error.ts";
import { detectedBy, projectTemplate } from "../project_template.ts";
import { printSteps } from "../steps_report.ts";

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

/** What the optional setup did, for the report. */
interface SetupReport {
  template?: {
    name: string;
    testCommand: string;
    detectedBy?: string;
    hint?: string;
    ci: string[];
  };
  /** Config keys written into .claude/config.json. */
  config: string[];
  /** What `hooks install` reported. */
  hooks?: string;
  /** Why the git hooks were not installed. */
  hooksSkipped?: string;
}

/** Whether to install the git hooks, and if not, why. */
async function hooksDecision(
  ctx: Context,
  root: string,
  setup: InitSetup,
): Promise<{ install: boolean; reason?: string }> {
  if (setup.hooks === false) return { install: false, reason: "--no-hooks" };
  // Asked for explicitly, `hooks install` itself explains a missing repository.
  if (setup.hooks === true) return { install: true };
  if (!await insideGitRepository(root)) {
    return { install: false, reason: "not a git repository" };
  }
  if (ctx.json || !Deno.stdin.isTerminal()) return { install: true }; // no one to ask
  const ask = prompter(lineReader(Deno.stdin.readable), ctx.stderr, { echo: false });
  const yes = await ask.ask({
    message: "Install the git hooks (pre-commit gate, agents queued after commits)?",
    defaultAnswer: "yes",
    parse: parseYesNo,
  });
  return yes ? { install: true } : { install: false, reason: "declined" };
}

async function applySetup(
  ctx: Context,
  root: string,
  setup: InitSetup,
  dryRun: boolean,
): Promise<SetupReport> {
  const template = setup.template ? projectTemplate(setup.template) : undefined;
  const report: SetupReport = {
    config: await applySetupConfig(projectPaths(root), setupConfig(setup, template), dryRun),
  };
  if (template) {
    const found = await detectedBy(root, template);
    report.template = {
      name: template.name,
      testCommand: template.testCommand,
      ...(found ? { detectedBy: found } : { hint: template.testHint }),
      ci: template.ci,
    };
  }
  const hooks = await hooksDecision(ctx, root, setup);
  if (!hooks.install) report.hooksSkipped = hooks.reason;
  else if (dryRun) report.hooks = "would install pre-commit, post-commit, post-merge, pre-push\n";
  else {
    const spin = spinner(ctx.stderr, progressMode(ctx), "installing the git hooks");
    try {
      report.hooks = await installGitHooks(root);
    } finally {
      spin.stop();
    }
  }
  return report;
}

function printSetup(ctx: Context, report: SetupReport, dryRun: boolean): void {
  const verb = dryRun ? "would set" : "set";
  if (report.config.length) {
    ctx.stdout.write(`Configuration (.claude/config.json): ${verb} ${report.config.join(", ")}\n`);
  }
  const template = report.template;
  if (template) {
    ctx.stdout.write(
      `Template ${template.name}: tests run with \`${template.testCommand}\`` +
        (template.detectedBy
          ? ` (found ${template.detectedBy})\n`
          : `\n  note: ${template.hint}\n`),
    );
    for (const hint of template.ci) ctx.stdout.write(`  CI: ${hint}\n`);
  }
  if (report.hooks) ctx.stdout.write(`Git hooks:\n${report.hooks}`);
  if (report.hooksSkipped) {
    ctx.stdout.write(
      `Git hooks: not installed (${report.hooksSkipped}); \`super-agents hooks install\` adds them\n`,
    );
  }
}

function printLauncher(ctx: Context, launcher: Launcher): void {
  if (launcher.onPath) return;
  ctx.stdout.write(
    "`super-agents` is not on PATH: .mcp.json, the Claude Code hooks and the git hooks start it " +
      `as\n  ${launcher.argv.join(" ")}\n` +
      "Put super-agents on PATH (`deno task install`) and run `super-agents upgrade` to use the " +
      "bare name; `super-agents doctor --fix` rewrites the command if this one moves.\n",
  );
}

async function run(ctx: Context, root: string, args: CommandArgs): Promise<number> {
  const force = booleanFlag(args, "force");
  const dryRun = booleanFlag(args, "dry-run");
  await requireDirectory(root);
  let setup = setupFromFlags(args);
  if (booleanFlag(args, "interactive")) {
    const ask = prompter(lineReader(Deno.stdin.readable), ctx.stderr, {
      echo: !Deno.stdin.isTerminal(),
    });
    setup = await runInitWizard(ask, setup, await wizardFacts(ctx, root));
  }
  const launcher = detectLauncher(ctx.env("PATH") ?? "");
  let result;
  try {
    result = await initProject(ctx, root, { force, dryRun, launcher });
  } catch (error) {
    throw permissionError(error, root, "initialise super-agents");
  }
  const setupReport = await applySetup(ctx, root, setup, dryRun);
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ ...result, setup: setupReport, launcher }) + "\n");
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
  printSetup(ctx, setupReport, dryRun);
  printLauncher(ctx, launcher);
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
    "Running it again is a no-op. In a git repository it installs the git hooks (chaining\n" +
    "existing ones) unless --no-hooks; on a terminal it asks first.",
  flags: {
    force: {
      type: "boolean",
      description: "replace differing files that are not ours (backed up first)",
    },
    "dry-run": { type: "boolean", description: "print the plan and write nothing" },
    ...initWizardFlags,
  },
  positionals: [{ name: "directory", description: "project directory (default: the current one)" }],
  examples: [
    "super-agents init",
    "super-agents init --dry-run",
    "super-agents init ~/code/my-app --json",
    "super-agents init --interactive",
    "super-agents init --template node --hooks --agents test-executor-agent,security-agent",
    "super-agents init --port-min 6001 --port-max 6100 --no-hooks",
  ],
  run: (ctx, args) => run(ctx, resolve(ctx.cwd, args.positionals[0] ?? "."), args),
});

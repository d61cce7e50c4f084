/**
 * `super-agents hook <name>` (hidden): what each installed git hook runs.
 * pre-commit is the gate over the index; commit-msg scans the message;
 * pre-push checks the pushed commits; post-commit and post-merge queue the
 * agents for the change and say which of them will wait for trust instead
 * of running (grants widened beyond the trusted ones). The after-the-fact hooks always exit 0, and an
 * internal failure of any hook is reported and logged but never blocks git
 * (the gate fails open: `--no-verify` must not be the only way out of a
 * broken install).
 * @module
 */

import { join } from "node:path";
import { defineCommand } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { errorMessage, UsageError } from "../../core/errors.ts";
import { findProjectRoot, projectPaths } from "../../core/paths.ts";
import { HOOK_NAMES, type HookName } from "./hook_script.ts";

/** The `hook` command. */
export const command = defineCommand({
  name: "hook",
  summary: "run one git hook (called by the installed hooks)",
  positionals: [
    { name: "name", description: HOOK_NAMES.join(" | "), required: true },
    { name: "args", description: "the arguments git passed to the hook", variadic: true },
  ],
  examples: ["super-agents hook pre-commit", "super-agents hook commit-msg .git/COMMIT_EDITMSG"],
  async run(ctx, args) {
    const [name, ...rest] = args.positionals;
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown hook "${name}"`, `use one of ${HOOK_NAMES.join(", ")}`);
    }
    const hook = name as HookName;
    try {
      return await runHook(ctx, hook, rest);
    } catch (error) {
      await logFailure(ctx, hook, error);
      ctx.stderr.write(
        `super-agents: the ${hook} hook could not run: ${errorMessage(error)}\n` +
          `super-agents: git continues; run \`super-agents hook ${hook} --debug\` to investigate\n`,
      );
      return 0;
    }
  },
});

async function runHook(ctx: Context, hook: HookName, rest: string[]): Promise<number> {
  if (hook === "pre-commit") {
    const { runCheck } = await import("../local_checks/report_check.ts");
    return await runCheck(ctx, { source: { kind: "staged" }, format: "text", action: "commit" });
  }
  if (hook === "commit-msg") {
    if (!rest[0]) throw new UsageError("commit-msg needs the message file", "git passes it as $1");
    const { commitMsg } = await import("./commit_msg.ts");
    return await commitMsg(ctx, rest[0]);
  }
  const { repoRoot } = await import("../local_checks/git_command.ts");
  const root = await repoRoot(ctx.cwd);
  if (hook === "pre-push") {
    const { prePush } = await import("./pre_push.ts");
    const stdin = await new Response(Deno.stdin.readable).text();
    return await prePush(ctx, root, stdin, rest[0]);
  }
  const project = findProjectRoot(root, ctx.home);
  if (!project) return 0; // no .claude/ project: nothing to queue
  const paths = projectPaths(project);
  const { loadConfig } = await import("../../core/config/load.ts");
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  const { enqueueForChange } = await import("./post_commit.ts");
  const { MODEL_KEY_HINT, modelKeyAvailable } = await import("./model_key.ts");
  const outcome = await enqueueForChange(paths, config, root, hook, {
    modelKeyAvailable: await modelKeyAvailable(ctx),
    modelKeyHint: MODEL_KEY_HINT,
  });
  if (outcome.skipped && !ctx.json) {
    ctx.stderr.write(
      `super-agents: skipped ${outcome.skipped.agents.join(", ")}: no ANTHROPIC_API_KEY; ` +
        `${outcome.skipped.hint}\n`,
    );
  }
  if (outcome.agents.length && !ctx.json) {
    const where = outcome.trigger ? `trigger ${outcome.trigger}` : `${outcome.jobs.length} job(s)`;
    ctx.stderr.write(
      `super-agents: queued ${outcome.agents.join(", ")} for ${
        outcome.commit.slice(0, 8)
      } (${where})\n`,
    );
    await explainBlocked(ctx, outcome.agents);
  }
  if (ctx.json) ctx.stdout.write(JSON.stringify(outcome) + "\n");
  return 0;
}

/** Says which queued agents will not run (untrusted grants, a refused file) and the fix. */
async function explainBlocked(ctx: Context, agents: string[]): Promise<void> {
  try {
    const { blockedAgents } = await import("../../agents/trust/blocked_agents.ts");
    for (const blocked of await blockedAgents(ctx, agents)) {
      ctx.stderr.write(
        `super-agents: ${blocked.agent} will not run: ${blocked.message}\n` +
          `super-agents: its job waits in the dead-letter queue; ${blocked.hint ?? ""}, ` +
          "then `super-agents dlq retry --all`\n",
      );
    }
  } catch (error) {
    // The jobs are queued; not knowing whether they may run must not fail the hook.
    ctx.stderr.write(
      `super-agents: could not check whether the queued agents may run: ${errorMessage(error)}\n`,
    );
  }
}

async function logFailure(ctx: Context, hook: HookName, error: unknown): Promise<void> {
  const project = findProjectRoot(ctx.cwd, ctx.home);
  if (!project) return;
  try {
    const { createLogger } = await import("../../core/log.ts");
    const logger = createLogger({
      component: "git-hooks",
      file: join(projectPaths(project).logs, "hooks.log"),
    });
    logger.error(`${hook} hook failed`, { error });
    logger.close();
  } catch (logError) {
    // The hook already failed; a failing log must not hide the first error, which is printed.
    ctx.stderr.write(`super-agents: could not write hooks.log: ${errorMessage(logError)}\n`);
  }
}

/**
 * `super-agents` with no command, inside a project: makes sure the project
 * is initialised (init is a no-op when it already is) and its KM and
 * supervised worker (unless `worker.autostart` is false) are running,
 * prints the status, then hands the terminal to Claude Code (`claude` on
 * PATH or `CLAUDE_CODE_BIN`) when it is installed and the terminal is
 * interactive, with the same flags as `super-agents claude` (the project's
 * MCP server passed explicitly, its read-only tools allowed).
 * `--no-launch` stops after the status.
 * @module
 */

import { booleanFlag, defineCommand } from "../../core/cli/command.ts";
import { parseCommandArgs } from "../../core/cli/dispatch.ts";
import { loadConfig } from "../../core/config/load.ts";
import type { Context } from "../../core/context.ts";
import { startKm } from "../km/lifecycle.ts";
import { startWorkerSupervisor } from "../km/worker_supervisor/lifecycle.ts";
import { requireProject } from "../../core/paths.ts";
import { initProject } from "../project/init_project.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { detectLauncher } from "../project/launcher.ts";
import { claudeArguments } from "./claude_command.ts";
import { locateClaude } from "./detect.ts";

async function printStatus(ctx: Context): Promise<void> {
  const { command } = await import("../km/commands/status.ts");
  await command.run!(ctx, await parseCommandArgs(command, ["status"], []));
}

async function launchClaude(ctx: Context, claude: string, root: string): Promise<number> {
  ctx.stdout.write(
    `\nstarting Claude Code (${claude}) with the project's MCP server and its read-only tools\n`,
  );
  const launcher = detectLauncher(ctx.env("PATH") ?? "").argv;
  const child = new Deno.Command(claude, {
    args: claudeArguments(launcher, []),
    cwd: root,
    stdin: "inherit",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  return (await child.status).code;
}

/** The `launch` command (what `super-agents` with no command runs inside a project). */
export const command = defineCommand({
  name: "launch",
  summary:
    "make sure the project is set up and its KM and worker run, show status, start Claude Code",
  flags: {
    "no-launch": { type: "boolean", description: "stop after printing the status" },
  },
  examples: ["super-agents", "super-agents --no-launch", "super-agents launch --no-launch --json"],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const init = await initProject(ctx, paths.root);
    if (init.changed && !ctx.json) {
      ctx.stdout.write(`refreshed ${paths.claude} (${init.steps.length} steps)\n`);
    }
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const km = await startKm(ctx, paths, config);
    if (!ctx.json && !km.alreadyRunning) {
      ctx.stdout.write(`KM started: ${km.url} (port ${km.port}, pid ${km.pid})\n`);
    }
    // As `start` does: queued work (hooks, agent_run from Claude Code) runs without a command.
    if (config.worker.autostart) {
      const worker = await startWorkerSupervisor(paths, config);
      if (!ctx.json && !worker.alreadyRunning) {
        ctx.stdout.write(
          `worker started: pid ${worker.workerPid}, supervisor ${worker.supervisorPid}\n`,
        );
      }
    }
    await printStatus(ctx);
    const interactive = Deno.stdin.isTerminal() && ctx.stdout.isTerminal;
    if (booleanFlag(args, "no-launch") || ctx.json || !interactive) return 0;
    const claude = await locateClaude((name) => ctx.env(name)).catch((error) => {
      if (error instanceof SuperAgentsError && error.code === "CLAUDE_CODE_NOT_FOUND") {
        return undefined; // said below, with the alternative; launching is optional here
      }
      throw error;
    });
    if (!claude) {
      ctx.stdout.write(
        "\nClaude Code is not installed; install it (npm install -g @anthropic-ai/claude-code) " +
          'and run `super-agents` again, or use `super-agents run <agent> "<task>"`\n',
      );
      return 0;
    }
    return await launchClaude(ctx, claude, paths.root);
  },
});

/**
 * `super-agents claude [-- args…]`: starts Claude Code in the project with
 * what it needs to use the project's agents and KM: our MCP server passed
 * explicitly with `--mcp-config` (it does not depend on the project's
 * `.mcp.json` having been approved) and the server's read-only tools in
 * `--allowedTools` (so headless `-p` runs can search knowledge and read the
 * event trail without a prompt). Claude Code runs in the project root, so it reads the project's
 * `.claude/settings.json` (hooks, permissions) and agents itself, subject to
 * its own workspace trust. Both flags are built here, never copied from the
 * repository's files: a cloned repository must not get its `.mcp.json`
 * servers or `settings.json` permissions applied by running this command.
 * Arguments after `--` go to Claude Code unchanged; its exit code is ours.
 * @module
 */

import { booleanFlag, defineCommand } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { requireProject } from "../../core/paths.ts";
import { detectLauncher } from "../project/launcher.ts";
import { MCP_SERVER_NAME } from "../project/mcp_json_merge.ts";
import { readOnlyAllowRules } from "../project/permissions_allow.ts";
import { inspectWorker } from "../km/worker_supervisor/inspect.ts";
import { locateClaude } from "./detect.ts";
import { shellWord } from "../../core/cli/shell_quote.ts";

/**
 * The arguments that give Claude Code this project's MCP server and its
 * read-only tools, followed by `extra`.
 *
 * @example
 * ```ts
 * claudeArguments(["super-agents"], ["-p", "hi"]);
 * // ["--mcp-config", '{"mcpServers":{"super-agents":{…}}}', "--allowedTools", "mcp__…", "-p", "hi"]
 * ```
 */
export function claudeArguments(launcher: string[], extra: string[]): string[] {
  const [command, ...args] = launcher;
  const config = {
    mcpServers: { [MCP_SERVER_NAME]: { type: "stdio", command, args: [...args, "mcp"] } },
  };
  return [
    "--mcp-config",
    JSON.stringify(config),
    "--allowedTools",
    readOnlyAllowRules(MCP_SERVER_NAME).join(","),
    ...extra,
  ];
}

async function runClaude(claude: string, args: string[], root: string): Promise<number> {
  // Ctrl-C reaches Claude Code too (same process group); it decides whether to end, and we
  // wait for it instead of leaving it orphaned.
  const ignore = () => {};
  Deno.addSignalListener("SIGINT", ignore);
  try {
    const child = new Deno.Command(claude, {
      args,
      cwd: root,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    const status = await child.status;
    return status.signal ? 128 + signalNumber(status.signal) : status.code;
  } finally {
    Deno.removeSignalListener("SIGINT", ignore);
  }
}

function signalNumber(signal: Deno.Signal): number {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}

function warnWithoutWorker(ctx: Context, paths: ReturnType<typeof requireProject>): void {
  const { status } = inspectWorker(paths);
  if (status === "running" || status === "restarting") return;
  ctx.stderr.write(
    `note: no worker runs for this project (${status}); agent_run and task_create queue work ` +
      "that waits until `super-agents start`\n",
  );
}

/** The `claude` command. */
export const command = defineCommand({
  name: "claude",
  summary: "start Claude Code here with the project's MCP server and its read-only tools allowed",
  description: "Runs `claude --mcp-config <this project's server> --allowedTools <its read-only " +
    "tools> [args after --]` in the project root. Claude Code is found through CLAUDE_CODE_BIN or " +
    "PATH. --print shows the command line instead. Exit code: Claude Code's (1 when it is not " +
    "installed).",
  flags: {
    print: { type: "boolean", description: "print the Claude Code command line, do not run it" },
  },
  positionals: [{
    name: "args",
    description: "arguments for Claude Code, after --",
    variadic: true,
  }],
  examples: [
    "super-agents claude",
    'super-agents claude -- -p "what do we know about sessions?"',
    "super-agents claude --print --json",
  ],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const claude = await locateClaude((name) => ctx.env(name));
    const launcher = detectLauncher(ctx.env("PATH") ?? "").argv;
    const argv = [claude, ...claudeArguments(launcher, args.positionals)];
    if (booleanFlag(args, "print")) {
      ctx.stdout.write(
        ctx.json
          ? JSON.stringify({ cwd: paths.root, argv }) + "\n"
          : argv.map(shellWord).join(" ") + "\n",
      );
      return 0;
    }
    warnWithoutWorker(ctx, paths);
    return await runClaude(claude, argv.slice(1), paths.root);
  },
});

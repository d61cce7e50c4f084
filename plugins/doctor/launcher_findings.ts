/**
 * Doctor findings about how the project starts super-agents: the command in
 * `.mcp.json` (what Claude Code runs) must still exist — a checkout that
 * moved, a Deno that was upgraded away or a launcher taken off PATH leaves
 * Claude Code with ENOENT and the hooks with nothing to run. The repair is
 * in `launcher_repair.ts`.
 * @module
 */

import { join } from "node:path";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import { MCP_SERVER_NAME } from "../project/mcp_json_merge.ts";
import { launcherWorks } from "../project/launcher.ts";
import type { DoctorEnv, Finding } from "./check.ts";

/** The command line `.mcp.json` records for our server, or `undefined`. */
export async function recordedLauncher(root: string): Promise<string[] | undefined> {
  const text = await readTextIfExists(join(root, ".mcp.json"));
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // a broken .mcp.json is Claude Code's to report; nothing of ours to check
  }
  const entry = (parsed as { mcpServers?: Record<string, unknown> })?.mcpServers
    ?.[MCP_SERVER_NAME] as { command?: unknown; args?: unknown } | undefined;
  if (typeof entry?.command !== "string") return undefined;
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  return [entry.command, ...args];
}

/**
 * The findings of check `id` about the recorded launcher.
 *
 * @example
 * ```ts
 * const findings = await launcherFindings(env, "autonomy");
 * ```
 */
export async function launcherFindings(env: DoctorEnv, id: string): Promise<Finding[]> {
  if (!env.paths) return [];
  const argv = await recordedLauncher(env.paths.root);
  if (!argv) return [];
  if (launcherWorks(argv, env.ctx.env("PATH") ?? "")) {
    return [{ check: id, severity: "ok", message: `.mcp.json starts super-agents as ${argv[0]}` }];
  }
  return [{
    check: id,
    severity: "error",
    message: `.mcp.json starts super-agents with \`${argv.join(" ")}\`, which no longer exists ` +
      "(Claude Code and the hooks cannot start it)",
    fix:
      "super-agents doctor --fix   (rewrites .mcp.json, the Claude Code hooks and the git hooks)",
    repairable: true,
  }];
}

/**
 * The git hooks as `init` and `uninstall` see them: whether a directory is
 * inside a git repository, and removing the hooks (restoring the hooks they
 * chained) through `super-agents hooks uninstall` — the hooks are a plugin,
 * which the core reaches through the CLI, never by import. Installing is
 * `installGitHooks` in `init_setup.ts`.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { gitCommand } from "../../core/git_policy.ts";
import { selfLaunch } from "../../core/self_command.ts";

/** One hook as `hooks uninstall --json` / `hooks status --json` report it. */
export interface HookLine {
  hook: string;
  state: string;
  action?: string;
  path: string;
}

/**
 * Whether `root` is inside a git work tree (false when git is not installed).
 *
 * @example
 * ```ts
 * if (await insideGitRepository(root)) await installGitHooks(root);
 * ```
 */
export async function insideGitRepository(root: string): Promise<boolean> {
  try {
    const output = await gitCommand(root, ["rev-parse", "--is-inside-work-tree"], {
      stderr: "null",
    }).output();
    return output.success && new TextDecoder().decode(output.stdout).trim() === "true";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false; // git is not installed: no repository
    throw error;
  }
}

/**
 * Runs `super-agents hooks <uninstall|status> --json` in `root` and returns
 * the hooks it reports.
 *
 * @example
 * ```ts
 * const removed = (await gitHooksCommand(root, "uninstall")).filter((h) => h.action !== "kept");
 * ```
 */
export async function gitHooksCommand(
  root: string,
  subcommand: "uninstall" | "status",
  command = selfLaunch(),
): Promise<HookLine[]> {
  const output = await new Deno.Command(command[0], {
    args: [...command.slice(1), "hooks", subcommand, "--json"],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    const stderr = decoder.decode(output.stderr).trim();
    throw new SuperAgentsError(
      "HOOKS_NOT_REMOVED",
      `\`super-agents hooks ${subcommand}\` failed: ${stderr.split("\n")[0] || output.code}`,
      { hint: "fix the problem above, then run `super-agents hooks uninstall`" },
    );
  }
  return (JSON.parse(decoder.decode(output.stdout)) as { hooks: HookLine[] }).hooks;
}

/**
 * Running git for the local checks and hooks: one function that runs a git
 * command to completion and returns its stdout bytes, with failures turned
 * into a `SuperAgentsError` that carries git's own message and a hint. Every
 * call goes through the policy of `core/git_policy.ts`: a neutral config,
 * no hooks, pager, fsmonitor, external diff or textconv, and an environment
 * reduced to what a hook's git needs (`GIT_DIR`, `GIT_INDEX_FILE` — the
 * temporary index of `git commit -a` — and friends).
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { gitCommand, type GitPolicyOptions } from "../../core/git_policy.ts";

/**
 * Runs `git args...` in `cwd` and returns stdout. Revisions that come from
 * outside must be added with `revisionArgs` (core/git_policy.ts).
 *
 * @example
 * ```ts
 * const root = new TextDecoder().decode(await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
 * ```
 */
export async function git(
  cwd: string,
  args: string[],
  options: GitPolicyOptions = {},
): Promise<Uint8Array> {
  let output: Deno.CommandOutput;
  try {
    output = await gitCommand(cwd, args, options).output();
  } catch (error) {
    throw new SuperAgentsError("GIT_UNAVAILABLE", `cannot run git: ${error}`, {
      hint: "install git and make sure it is on PATH",
      cause: error,
    });
  }
  if (!output.success) {
    const message = new TextDecoder().decode(output.stderr).trim().split("\n")[0];
    const shown = args.filter((arg, i) => arg !== "-c" && args[i - 1] !== "-c").slice(0, 2);
    throw new SuperAgentsError(
      "GIT_FAILED",
      `git ${shown.join(" ")} failed: ${message}`,
      { hint: failureHint(message), details: { args, code: output.code } },
    );
  }
  return output.stdout;
}

function failureHint(message: string): string {
  if (message.includes("not a git repository")) {
    return "run this inside a git repository (or `git init` first)";
  }
  if (message.includes("dubious ownership")) {
    // The global config (and its safe.directory) is switched off on purpose: see the policy.
    return "the repository belongs to another user and super-agents runs git without your " +
      "global config: make the current user own it (chown -R)";
  }
  return `check the arguments; git said: ${message}`;
}

/** `git(...)` decoded as text. */
export async function gitText(
  cwd: string,
  args: string[],
  options: GitPolicyOptions = {},
): Promise<string> {
  return new TextDecoder().decode(await git(cwd, args, options));
}

/** The top-level directory of the work tree that contains `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  return (await gitText(cwd, ["rev-parse", "--show-toplevel"])).trim();
}

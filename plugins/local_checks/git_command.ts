/**
 * Running git for the local checks and hooks: one function that runs a git
 * command to completion and returns its stdout bytes, with failures turned
 * into a `SuperAgentsError` that carries git's own message and a hint. The
 * environment is inherited, so inside a hook `GIT_DIR` and `GIT_INDEX_FILE`
 * (the temporary index of `git commit -a`) are honoured.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";

/**
 * Runs `git args...` in `cwd` and returns stdout.
 *
 * @example
 * ```ts
 * const root = new TextDecoder().decode(await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
 * ```
 */
export async function git(cwd: string, args: string[]): Promise<Uint8Array> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("git", {
      args,
      cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    })
      .output();
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
      {
        hint: message.includes("not a git repository")
          ? "run this inside a git repository (or `git init` first)"
          : `check the arguments; git said: ${message}`,
        details: { args, code: output.code },
      },
    );
  }
  return output.stdout;
}

/** `git(...)` decoded as text. */
export async function gitText(cwd: string, args: string[]): Promise<string> {
  return new TextDecoder().decode(await git(cwd, args));
}

/** The top-level directory of the work tree that contains `cwd`. */
export async function repoRoot(cwd: string): Promise<string> {
  return (await gitText(cwd, ["rev-parse", "--show-toplevel"])).trim();
}

/**
 * git for flows: every call through the hardened policy (`core/git_policy.ts`:
 * neutral config, hooks off, no pager, no external diff), with a fixed
 * committer identity for the commits super-agents makes on a job's behalf,
 * and failures as `FLOW_GIT_FAILED` errors that carry git's own message.
 * @module
 */

import { gitCommand, type GitScope } from "../../core/git_policy.ts";
import { SuperAgentsError } from "../../core/errors.ts";

/** The identity of the commits super-agents makes for agents (never the user's). */
export const AGENT_IDENTITY = [
  "-c",
  "user.name=super-agents",
  "-c",
  "user.email=super-agents@localhost",
  "-c",
  "commit.gpgSign=false",
];

/** What a git call printed and how it ended. */
export interface GitOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const decoder = new TextDecoder();

/**
 * Runs git in `cwd`; never throws for a non-zero exit (see {@linkcode git}).
 * `scope: "user"` (only `flow apply`, which acts on the user's branch for
 * the user) runs it with the user's own git setup: identity and hooks.
 */
export async function gitTry(
  cwd: string,
  args: string[],
  options: { scope?: GitScope } = {},
): Promise<GitOutput> {
  const output = await gitCommand(cwd, args, options).output();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/**
 * Runs git in `cwd` and returns its standard output; a non-zero exit throws
 * `FLOW_GIT_FAILED` naming the command and git's message.
 *
 * @example
 * ```ts
 * const head = (await git(root, ["rev-parse", "HEAD"])).trim();
 * ```
 */
export async function git(cwd: string, args: string[]): Promise<string> {
  const output = await gitTry(cwd, args);
  if (output.code !== 0) {
    const shown = args.filter((a) => !a.startsWith("user.") && a !== "-c").join(" ");
    throw new SuperAgentsError(
      "FLOW_GIT_FAILED",
      `git ${shown} failed in ${cwd}: ${(output.stderr || output.stdout).trim()}`,
      { hint: "run the same git command there to see the state of the repository" },
    );
  }
  return output.stdout;
}

/**
 * pre-push: which commits a push sends, and the slower checks over them.
 * git passes one line per ref on stdin (`<local ref> <local sha> <remote ref>
 * <remote sha>`); the pre-commit framework passes `PRE_COMMIT_FROM_REF` and
 * `PRE_COMMIT_TO_REF` instead. A new branch is compared from the parent of
 * its oldest commit that the remote does not have.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { revisionArgs } from "../../core/git_policy.ts";
import { gitText } from "../local_checks/git_command.ts";
import { runCheck } from "../local_checks/report_check.ts";

/** One commit range to check. */
export interface PushRange {
  from: string;
  to: string;
}

const ZERO = /^0+$/;
/** git's empty tree: the base of a push that contains the root commit. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/**
 * The ranges a push sends, from the hook's stdin and arguments.
 *
 * @example
 * ```ts
 * await pushRanges(root, "refs/heads/main 2f1c... refs/heads/main 9ab0...\n", "origin", env);
 * // [{ from: "9ab0...", to: "2f1c..." }]
 * ```
 */
export async function pushRanges(
  root: string,
  stdin: string,
  remote: string | undefined,
  env: (name: string) => string | undefined,
): Promise<PushRange[]> {
  const from = env("PRE_COMMIT_FROM_REF");
  const to = env("PRE_COMMIT_TO_REF");
  if (stdin.trim() === "" && from && to) return [{ from, to }];
  const ranges: PushRange[] = [];
  for (const line of stdin.split("\n")) {
    const [, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localSha || ZERO.test(localSha)) continue; // a deleted ref sends nothing
    if (remoteSha && !ZERO.test(remoteSha)) {
      ranges.push({ from: remoteSha, to: localSha });
      continue;
    }
    const base = await newBranchBase(root, localSha, remote);
    if (base) ranges.push({ from: base, to: localSha });
  }
  return ranges;
}

async function newBranchBase(
  root: string,
  sha: string,
  remote: string | undefined,
): Promise<string | undefined> {
  const not = remote ? `--remotes=${remote}` : "--remotes";
  // `--not <remotes> --not` excludes the remote's commits; the pushed sha comes after
  // --end-of-options, which must follow every option.
  const commits = (await gitText(root, [
    "rev-list",
    "--topo-order",
    "--reverse",
    "--not",
    not,
    "--not",
    ...revisionArgs([sha], "pre-push"),
  ])).trim();
  if (commits === "") return undefined; // the remote has every commit already
  const oldest = commits.split("\n")[0];
  const parents = (await gitText(root, [
    "rev-list",
    "--parents",
    "-n",
    "1",
    ...revisionArgs([oldest], "pre-push"),
  ])).trim().split(" ");
  return parents[1] ?? EMPTY_TREE;
}

/** Runs the configured pre-push checks over every range; 1 when one blocks. */
export async function prePush(
  ctx: Context,
  root: string,
  stdin: string,
  remote: string | undefined,
): Promise<number> {
  let code = 0;
  for (const range of await pushRanges(root, stdin, remote, ctx.env)) {
    const result = await runCheck(ctx, {
      source: { kind: "range", from: range.from, to: range.to },
      format: "text",
      action: "push",
      pickChecks: (config) => config.hooks.prePushChecks,
    });
    code = Math.max(code, result);
  }
  return code;
}

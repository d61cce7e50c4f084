/**
 * The commit super-agents makes for a job in its worktree: everything the
 * job left there (not ignored files), as super-agents with a fixed
 * identity, after checking the worktree's `.git` file still points where we
 * put it (a job with a shell could repoint it); then the branch described
 * against the job's start: commit, files, stat and the patch.
 * @module
 */

import type { ProjectPaths } from "../../core/paths.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { AGENT_IDENTITY, git, gitTry } from "./git.ts";
import { isOurWorktree, type Worktree } from "./worktrees.ts";

/** What a job's commit holds. */
export interface WorktreeCommit {
  branch: string;
  path: string;
  base: string;
  /** The branch's head after the job (the base itself when the job changed nothing). */
  commit: string;
  changed: boolean;
  files: string[];
  diffStat: string;
  /** The patch, cut at 64 KiB. */
  diff: string;
}

const DIFF_LIMIT = 64 * 1024;

/**
 * Commits everything the job left in its worktree (not ignored files) as
 * super-agents, and describes the branch against `base`.
 */
export async function commitWorktree(
  paths: Pick<ProjectPaths, "root">,
  worktree: Worktree,
  base: string,
  message: string,
): Promise<WorktreeCommit> {
  if (!(await isOurWorktree(paths.root, worktree.path))) {
    throw new SuperAgentsError(
      "FLOW_WORKTREE_TAMPERED",
      `${worktree.path}/.git no longer points into this repository; nothing was committed`,
      {
        hint: "inspect the worktree, then `super-agents flow discard <flow>`",
        details: { retryable: false },
      },
    );
  }
  await git(worktree.path, ["add", "-A"]);
  const staged = await gitTry(worktree.path, ["diff", "--cached", "--quiet"]);
  const merging =
    (await gitTry(worktree.path, ["rev-parse", "-q", "--verify", "MERGE_HEAD"])).code === 0;
  if (staged.code !== 0 || merging) {
    await git(worktree.path, [...AGENT_IDENTITY, "commit", "--no-verify", "-q", "-m", message]);
  }
  const commit = (await git(worktree.path, ["rev-parse", "HEAD"])).trim();
  const files = (await git(worktree.path, ["diff", "--name-only", base, commit])).split("\n")
    .filter(Boolean);
  const diff = await git(worktree.path, ["diff", base, commit]);
  return {
    branch: worktree.branch,
    path: worktree.path,
    base,
    commit,
    changed: commit !== base,
    files,
    diffStat: (await git(worktree.path, ["diff", "--stat", base, commit])).trim(),
    diff: diff.length > DIFF_LIMIT ? diff.slice(0, DIFF_LIMIT) + "\n[diff cut at 64 KiB]\n" : diff,
  };
}

/**
 * The git worktrees of a flow: one per write-capable job, under
 * `.claude/worktrees/<flow>/<name>` (ignored by git through the folder's own
 * `.gitignore`), each on its own branch `super-agents/<flow>/<name>` from a
 * base commit. A worktree is created, reset to its base for a new attempt,
 * committed on the job's behalf (with a fixed identity, after checking its
 * `.git` file still points where we put it), and removed with its branch.
 * Repositories whose checkout a worktree cannot reproduce (submodules, LFS
 * pointers) are refused with the reason.
 * @module
 */

import { dirname, join, resolve } from "node:path";
import type { ProjectPaths } from "../../core/paths.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { AGENT_IDENTITY, git, gitTry } from "./git.ts";

/** A worktree: where it is and its branch. */
export interface Worktree {
  path: string;
  branch: string;
}

/** The directory of every flow's worktrees. */
export function worktreesDir(paths: Pick<ProjectPaths, "root">): string {
  return join(paths.root, ".claude", "worktrees");
}

/**
 * The worktree `name` of `flow`.
 *
 * @example
 * ```ts
 * flowWorktree(paths, "flow_1", "dev-api"); // { path: ".../.claude/worktrees/flow_1/dev-api", branch: "super-agents/flow_1/dev-api" }
 * ```
 */
export function flowWorktree(
  paths: Pick<ProjectPaths, "root">,
  flow: string,
  name: string,
): Worktree {
  return { path: join(worktreesDir(paths), flow, name), branch: `super-agents/${flow}/${name}` };
}

/** The branch prefix of a flow. */
export function flowBranchPrefix(flow: string): string {
  return `super-agents/${flow}/`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Refuses a repository a worktree cannot hold faithfully: submodules (a new
 * worktree has none checked out) and Git LFS (with the hardened git config
 * its filter does not run, so the files would be pointers).
 */
export async function requireWorktreeSupport(root: string): Promise<void> {
  if (await exists(join(root, ".gitmodules"))) {
    const listed = await gitTry(root, ["config", "--file", ".gitmodules", "--get-regexp", "path"]);
    if (listed.code === 0 && listed.stdout.trim()) {
      throw new SuperAgentsError(
        "FLOW_SUBMODULES_UNSUPPORTED",
        "this repository has git submodules, which a flow's worktrees do not check out",
        {
          hint: "run the agents one at a time (`super-agents run developer-agent …`), or use " +
            "--pipeline-file with a pipeline of your own",
          details: { retryable: false },
        },
      );
    }
  }
  const lfs = await gitTry(root, [
    "grep",
    "-l",
    "filter=lfs",
    "HEAD",
    "--",
    ":(glob)**/.gitattributes",
  ]);
  if (lfs.code === 0 && lfs.stdout.trim()) {
    throw new SuperAgentsError(
      "FLOW_LFS_UNSUPPORTED",
      `this repository stores files with Git LFS (${
        lfs.stdout.trim().split("\n")[0].replace(/^HEAD:/, "")
      }); ` +
        "a flow's worktrees would hold LFS pointers, not the files",
      {
        hint:
          "run the agents one at a time (`super-agents run developer-agent …`) in this repository",
        details: { retryable: false },
      },
    );
  }
}

/** Keeps every worktree out of the user's `git status` (the folder ignores itself). */
async function ignoreFolder(paths: Pick<ProjectPaths, "root">): Promise<void> {
  const dir = worktreesDir(paths);
  await Deno.mkdir(dir, { recursive: true });
  const ignore = join(dir, ".gitignore");
  if (!(await exists(ignore))) await Deno.writeTextFile(ignore, "*\n");
}

/** Whether `path` is a worktree of the repository at `root` (its `.git` file points into root's). */
async function isOurWorktree(root: string, path: string): Promise<boolean> {
  try {
    const text = await Deno.readTextFile(join(path, ".git"));
    const gitDir = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
    const common = (await git(root, ["rev-parse", "--path-format=absolute", "--git-common-dir"]))
      .trim();
    if (gitDir === undefined) return false;
    // Resolved, so `worktrees/../../elsewhere` does not pass for a path inside.
    const target = resolve(path, gitDir);
    if (dirname(target) !== join(common, "worktrees")) return false;
    // git's own record (outside every agent's grant) must name this worktree back:
    // a .git file pointed at another worktree's record is not ours.
    const back = (await Deno.readTextFile(join(target, "gitdir"))).trim();
    return back === join(path, ".git");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
      return false;
    }
    throw error;
  }
}

/**
 * The worktree at `base`: created (with its branch) when missing, or reset
 * to `base` — files of an earlier, interrupted attempt removed — when
 * `reset`; otherwise an existing one is kept as it is.
 */
export async function ensureWorktree(
  paths: Pick<ProjectPaths, "root">,
  worktree: Worktree,
  base: string,
  options: { reset: boolean },
): Promise<{ created: boolean }> {
  const root = paths.root;
  await ignoreFolder(paths);
  if (await exists(worktree.path)) {
    if (!(await isOurWorktree(root, worktree.path))) {
      throw new SuperAgentsError(
        "FLOW_WORKTREE_TAMPERED",
        `${worktree.path} is not a worktree of this repository (its .git file was changed)`,
        {
          hint: "remove it (`super-agents flow discard <flow>`) and run the flow again",
          details: { retryable: false },
        },
      );
    }
    if (options.reset) {
      await abortMerge(worktree.path);
      await git(worktree.path, ["checkout", "-B", worktree.branch, base]);
      await git(worktree.path, ["reset", "--hard", base]);
      await git(worktree.path, ["clean", "-fdx"]);
    }
    return { created: false };
  }
  await git(root, ["worktree", "prune"]);
  await git(root, ["worktree", "add", "-B", worktree.branch, worktree.path, base]);
  return { created: true };
}

/** Ends a merge left in progress (an attempt killed mid-merge): nothing stays half-merged. */
export async function abortMerge(path: string): Promise<boolean> {
  const head = await gitTry(path, ["rev-parse", "-q", "--verify", "MERGE_HEAD"]);
  if (head.code !== 0) return false;
  await git(path, ["merge", "--abort"]);
  return true;
}

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

/** Removes a worktree (when present) and, with `deleteBranch`, its branch. */
export async function removeWorktree(
  paths: Pick<ProjectPaths, "root">,
  worktree: Worktree,
  options: { deleteBranch: boolean },
): Promise<void> {
  if (await exists(worktree.path)) {
    await git(paths.root, ["worktree", "remove", "--force", "--force", worktree.path]);
  }
  if (options.deleteBranch) await deleteBranch(paths.root, worktree.branch);
}

/** Deletes a branch when it exists. */
export async function deleteBranch(root: string, branch: string): Promise<void> {
  const found = await gitTry(root, ["rev-parse", "-q", "--verify", `refs/heads/${branch}`]);
  if (found.code === 0) await git(root, ["branch", "-D", branch]);
}

/** The branches of a flow (`super-agents/<flow>/…`). */
export async function flowBranches(root: string, flow: string): Promise<string[]> {
  const out = await git(root, [
    "for-each-ref",
    "--format=%(refname:short)",
    `refs/heads/${flowBranchPrefix(flow)}`,
  ]);
  return out.split("\n").filter(Boolean);
}

/**
 * Removes every worktree and, with `branches`, every branch of a flow
 * except `keep`; then prunes git's records of worktrees gone missing.
 */
export async function removeFlowWorktrees(
  paths: Pick<ProjectPaths, "root">,
  flow: string,
  options: { branches: boolean; keep?: string[] },
): Promise<void> {
  const dir = join(worktreesDir(paths), flow);
  if (await exists(dir)) {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (await isOurWorktree(paths.root, path)) {
        await git(paths.root, ["worktree", "remove", "--force", "--force", path]);
      } else {
        await Deno.remove(path, { recursive: true });
      }
    }
    await Deno.remove(dir, { recursive: true });
  }
  await git(paths.root, ["worktree", "prune"]);
  if (!options.branches) return;
  for (const branch of await flowBranches(paths.root, flow)) {
    if (!options.keep?.includes(branch)) await deleteBranch(paths.root, branch);
  }
}

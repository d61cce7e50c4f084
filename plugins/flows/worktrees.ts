/**
 * The git worktrees of a flow: one per write-capable job, under
 * `.claude/worktrees/<flow>/<name>` (ignored by git through the folder's own
 * `.gitignore`), each on its own branch `super-agents/<flow>/<name>` from a
 * base commit. A worktree is created, reset to its base for a new attempt,
 * and removed with its branch, under the project's worktree lock. Its
 * commits are `commit_worktree.ts`; which repositories are refused,
 * `worktree_support.ts`.
 * @module
 */

import { dirname, join, resolve } from "node:path";
import type { ProjectPaths } from "../../core/paths.ts";
import { withFileLock } from "../../core/file_lock.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { git, gitTry } from "./git.ts";

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
 * Runs `fn` holding the project's worktree lock: the jobs of one worker,
 * and the workers of one project, add, prune and remove worktrees and
 * branches of the same repository at once. git does not cope with that on
 * its own: eight concurrent `git worktree add -B` fail now and then with
 * "failed to read .git/worktrees/<other>/commondir" (one reads another's
 * record while it is being written), so they take turns. Only git's
 * bookkeeping is done under the lock (`--no-checkout`, milliseconds); the
 * files are checked out after it, in the worktree alone, at the same time
 * as the other jobs' ({@linkcode ensureWorktree}).
 */
function withRepoLock<T>(paths: Pick<ProjectPaths, "root">, fn: () => Promise<T>): Promise<T> {
  return withFileLock(join(worktreesDir(paths), ".lock"), fn);
}

/** Keeps every worktree out of the user's `git status` (the folder ignores itself). */
async function ignoreFolder(paths: Pick<ProjectPaths, "root">): Promise<void> {
  const dir = worktreesDir(paths);
  await Deno.mkdir(dir, { recursive: true });
  const ignore = join(dir, ".gitignore");
  if (!(await exists(ignore))) await Deno.writeTextFile(ignore, "*\n");
}

/**
 * Whether `path` is a worktree of the repository at `root`: its `.git`
 * file points into root's worktree records, and that record names it back.
 */
export async function isOurWorktree(root: string, path: string): Promise<boolean> {
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
  await ignoreFolder(paths);
  const placed = await withRepoLock(paths, () => placeWorktree(paths, worktree, base, options));
  // Fills the index and the files of a worktree added without them, outside the lock: each
  // worktree has its own index, so the jobs of a flow check out theirs at the same time.
  if (!(await checkedOut(worktree.path))) await git(worktree.path, ["reset", "-q", "--hard"]);
  return placed;
}

/**
 * Whether a worktree's files were checked out: it has an index. One added
 * with `--no-checkout` has none until `reset --hard` writes it, so a worker
 * killed in between leaves a worktree that the next attempt fills, never
 * one whose missing files would be committed as deletions.
 */
async function checkedOut(path: string): Promise<boolean> {
  const text = await Deno.readTextFile(join(path, ".git"));
  const gitDir = /^gitdir: (.+)$/m.exec(text)?.[1]?.trim();
  if (gitDir === undefined) return false;
  return await exists(join(resolve(path, gitDir), "index"));
}

async function placeWorktree(
  paths: Pick<ProjectPaths, "root">,
  worktree: Worktree,
  base: string,
  options: { reset: boolean },
): Promise<{ created: boolean }> {
  const root = paths.root;
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
  // The files are checked out after the lock is released (ensureWorktree).
  const add = ["worktree", "add", "--no-checkout", "-B", worktree.branch, worktree.path, base];
  const added = await gitTry(root, add);
  if (added.code !== 0) {
    // A record of a worktree whose folder was deleted by hand blocks the path: prune, then retry.
    await git(root, ["worktree", "prune"]);
    await git(root, add);
  }
  return { created: true };
}

/** Ends a merge left in progress (an attempt killed mid-merge): nothing stays half-merged. */
export async function abortMerge(path: string): Promise<boolean> {
  const head = await gitTry(path, ["rev-parse", "-q", "--verify", "MERGE_HEAD"]);
  if (head.code !== 0) return false;
  await git(path, ["merge", "--abort"]);
  return true;
}

/** Removes a worktree (when present) and, with `deleteBranch`, its branch. */
export function removeWorktree(
  paths: Pick<ProjectPaths, "root">,
  worktree: Worktree,
  options: { deleteBranch: boolean },
): Promise<void> {
  return withRepoLock(paths, async () => {
    if (await exists(worktree.path)) {
      await git(paths.root, ["worktree", "remove", "--force", "--force", worktree.path]);
    }
    if (options.deleteBranch) await deleteBranchUnlocked(paths.root, worktree.branch);
  });
}

/** Deletes a branch when it exists. */
export function deleteBranch(paths: Pick<ProjectPaths, "root">, branch: string): Promise<void> {
  return withRepoLock(paths, () => deleteBranchUnlocked(paths.root, branch));
}

async function deleteBranchUnlocked(root: string, branch: string): Promise<void> {
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
 * except `keep`. The folders are deleted and one `git worktree prune` drops
 * git's records of them, and the branches go in one `git branch -D`: a
 * fixed three git calls, not two or three per worktree and per branch.
 */
export function removeFlowWorktrees(
  paths: Pick<ProjectPaths, "root">,
  flow: string,
  options: { branches: boolean; keep?: string[] },
): Promise<void> {
  return withRepoLock(paths, () => removeFlowUnlocked(paths, flow, options));
}

async function removeFlowUnlocked(
  paths: Pick<ProjectPaths, "root">,
  flow: string,
  options: { branches: boolean; keep?: string[] },
): Promise<void> {
  const dir = join(worktreesDir(paths), flow);
  if (await exists(dir)) {
    // Symbolic links an agent left in its worktree are removed, never followed.
    await Deno.remove(dir, { recursive: true });
  }
  await git(paths.root, ["worktree", "prune"]);
  if (!options.branches) return;
  const doomed = (await flowBranches(paths.root, flow)).filter((b) => !options.keep?.includes(b));
  if (doomed.length) await git(paths.root, ["branch", "-D", ...doomed]);
}

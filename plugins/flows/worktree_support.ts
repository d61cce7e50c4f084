/**
 * Which repositories a flow's worktrees can hold faithfully. A new worktree
 * checks out no submodules, and under the hardened git config the LFS
 * filter does not run, so its files would be pointers: both are refused
 * with the reason and the way to work in such a repository.
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import { gitTry } from "./git.ts";

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

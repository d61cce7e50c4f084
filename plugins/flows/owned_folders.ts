/**
 * The folders a subtask's owned paths lie in, made in its worktree before
 * it runs: its write grant is its owned paths alone (`worktree_agent.ts`),
 * so it could not make `src/` for the `src/api.ts` it owns. Empty folders
 * are nothing to git.
 * @module
 */

import { dirname, join, relative, sep } from "node:path";

/**
 * Makes the folders of `owns` (paths relative to `worktree`) one level at a
 * time, never through a symbolic link or a file the repository holds there:
 * a committed `src -> /etc` must not make folders outside the worktree (that
 * path is then left to the developer's boundary).
 *
 * @example
 * ```ts
 * await makeOwnedFolders("/p/.claude/worktrees/flow_1/dev-api", ["src/api/client.ts"]);
 * // makes src/ and src/api/ in that worktree
 * ```
 */
export async function makeOwnedFolders(worktree: string, owns: string[]): Promise<void> {
  for (const path of owns) {
    const parts = relative(worktree, dirname(join(worktree, path))).split(sep).filter(Boolean);
    let folder = worktree;
    for (const part of parts) {
      folder = join(folder, part);
      const info = await Deno.lstat(folder).catch(() => undefined);
      if (!info) await Deno.mkdir(folder);
      else if (!info.isDirectory) break;
    }
  }
}

/**
 * Other hook managers: husky (`.husky/`) and the pre-commit framework
 * (`.pre-commit-config.yaml`) own the hook files, so instead of installing
 * over them `hooks install` prints the lines to add to their configuration.
 * @module
 */

import { join } from "node:path";
import { pathExists } from "../../core/fs/path_exists.ts";

/** A hook manager found in the repository. */
export interface HookManager {
  name: "husky" | "pre-commit";
  /** The file(s) to edit. */
  where: string;
  snippet: string;
}

/** The husky snippet: one line per hook file under `.husky/`. */
export const HUSKY_SNIPPET = `# .husky/pre-commit
super-agents hook pre-commit

# .husky/pre-push
super-agents hook pre-push "$@"

# .husky/post-commit
super-agents hook post-commit

# .husky/post-merge
super-agents hook post-merge "$@"
`;

/** The pre-commit framework snippet: a local repo with one hook per stage. */
export const PRE_COMMIT_SNIPPET = `repos:
  - repo: local
    hooks:
      - id: super-agents
        name: super-agents checks
        entry: super-agents hook pre-commit
        language: system
        pass_filenames: false
        always_run: true
        stages: [pre-commit]
      - id: super-agents-pre-push
        name: super-agents pre-push checks
        entry: super-agents hook pre-push
        language: system
        pass_filenames: false
        always_run: true
        stages: [pre-push]
      - id: super-agents-post-commit
        name: super-agents post-commit agents
        entry: super-agents hook post-commit
        language: system
        pass_filenames: false
        always_run: true
        stages: [post-commit, post-merge]
# then: pre-commit install --hook-type pre-commit --hook-type pre-push --hook-type post-commit --hook-type post-merge
`;

/**
 * The hook managers in the repository at `root` (given git's hooks path).
 *
 * @example
 * ```ts
 * for (const manager of await detectHookManagers(root, hooksDir)) console.log(manager.snippet);
 * ```
 */
export async function detectHookManagers(root: string, hooksDir: string): Promise<HookManager[]> {
  const managers: HookManager[] = [];
  if (hooksDir.includes(".husky") || await pathExists(join(root, ".husky"))) {
    managers.push({ name: "husky", where: ".husky/<hook>", snippet: HUSKY_SNIPPET });
  }
  if (await pathExists(join(root, ".pre-commit-config.yaml"))) {
    managers.push({
      name: "pre-commit",
      where: ".pre-commit-config.yaml",
      snippet: PRE_COMMIT_SNIPPET,
    });
  }
  return managers;
}

/**
 * `upgrade`'s rewrite of renamed check and agent names (`fs-guard` →
 * `filesystem-guardian-check`, see `core/config/renamed_names.ts`) in the
 * project's `.claude/config.json`: the old names keep working with a notice
 * on every use; after `upgrade` the file says the current ones.
 * @module
 */

import { relative } from "node:path";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { readConfigObject } from "../../core/config/config_object.ts";
import { renameLegacyNames } from "../../core/config/renamed_names.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { UpgradeStep } from "./upgrade_project.ts";

/**
 * Rewrites old names in the project's config file (nothing when it has
 * none, or when `dryRun`); the step says which names it renamed.
 *
 * @example
 * ```ts
 * await renameConfigNames(paths, false);
 * // { kind: "update", path: ".claude/config.json", detail: "renamed fs-guard → …" }
 * ```
 */
export async function renameConfigNames(
  paths: ProjectPaths,
  dryRun: boolean,
): Promise<UpgradeStep | undefined> {
  let exists = true;
  try {
    await Deno.lstat(paths.config);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    exists = false;
  }
  if (!exists) return undefined;
  const file = await readConfigObject(paths.config);
  const { value, renamed } = renameLegacyNames(file, paths.config);
  if (renamed.length === 0) return undefined;
  if (!dryRun) await writeJsonAtomic(paths.config, value);
  return {
    kind: "update",
    path: relative(paths.root, paths.config),
    detail: `renamed ${
      [...new Set(renamed.map(({ old, current }) => `${old} → ${current}`))].join(", ")
    }`,
  };
}

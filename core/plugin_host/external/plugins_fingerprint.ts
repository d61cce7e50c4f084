/**
 * A fingerprint of the plugins files a process built its plugin host from
 * (the project's and the user's): inode, size and modification time of
 * each, or its absence. A long-running worker compares it before resolving
 * an agent, and rebuilds its host when it changed (`plugins add`,
 * `plugins remove`, an edit), two `stat`s a job.
 * @module
 */

import { globalPluginsFile, projectPluginsFile } from "./plugins_file.ts";

function stamp(path: string): string {
  try {
    const info = Deno.statSync(path);
    return `${info.ino ?? ""}:${info.size}:${info.mtime?.getTime() ?? ""}`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "absent";
    throw error;
  }
}

/**
 * The fingerprint of the plugins files of the project at `root` and of the
 * user whose data home is `dataHome`.
 *
 * @example
 * ```ts
 * const before = pluginsFingerprint(paths.root, ctx.dataHome);
 * ```
 */
export function pluginsFingerprint(root: string, dataHome: string): string {
  return `${stamp(projectPluginsFile(root))}|${stamp(globalPluginsFile(dataHome))}`;
}

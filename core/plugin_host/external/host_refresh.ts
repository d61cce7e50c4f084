/**
 * Keeps a long-running process's plugin host in step with the plugins files
 * (the project's and the user's): a refresher compares their inode, size and
 * modification time with what it saw last — two `stat`s — and rebuilds the
 * host when one changed (`plugins add`, `plugins remove`, an edit), so a
 * plugin added after the worker or the KM started is seen and one removed
 * is not. Each rebuild raises the refresher's generation, which callers
 * compare to know when what they built from the host is stale.
 * @module
 */

import { reloadPluginHost } from "../current.ts";
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

function fingerprint(root: string, dataHome: string): string {
  return `${stamp(projectPluginsFile(root))}|${stamp(globalPluginsFile(dataHome))}`;
}

/**
 * A refresher for the plugins files of the project at `root` and of the user
 * whose data home is `dataHome`, as they are now (the host was just built
 * from them). Calling it rebuilds the host when they changed (concurrent
 * calls share one rebuild) and resolves to the generation: 0, then one more
 * per rebuild.
 *
 * @example
 * ```ts
 * const refresh = pluginHostRefresher(paths.root, ctx.dataHome);
 * if (await refresh() !== builtAt) catalog = await loadCatalog();
 * ```
 */
export function pluginHostRefresher(root: string, dataHome: string): () => Promise<number> {
  let seen = fingerprint(root, dataHome);
  let generation = 0;
  let reloading: Promise<void> | undefined;
  return async () => {
    const now = fingerprint(root, dataHome);
    if (now !== seen) {
      reloading ??= reloadPluginHost().then(() => {
        seen = now;
        generation++;
      }).finally(() => reloading = undefined);
      await reloading;
    }
    return generation;
  };
}

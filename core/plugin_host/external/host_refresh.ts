/**
 * Keeps a long-running process's plugin host in step with the plugins files
 * it was built from (the project's and the user's): the host records them
 * and how they were when they were read (inode, size, modification time,
 * or absence); {@linkcode freshPluginHost} compares that with now — a
 * `stat` per file — and rebuilds the host when one changed (`plugins add`,
 * `plugins remove`, an edit, a merge), so a plugin added after the worker
 * or the KM started is seen, one removed is not, and an entry edited behind
 * their back is checked like at start-up.
 * @module
 */

import { maybePluginHost, reloadPluginHost } from "../current.ts";
import type { PluginHost } from "../host.ts";

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
 * How `files` are now: inode, size and modification time of each, or `absent`.
 *
 * @example
 * ```ts
 * const before = filesStamp([projectPluginsFile(root), globalPluginsFile(dataHome)]);
 * ```
 */
export function filesStamp(files: string[]): string {
  return files.map(stamp).join("|");
}

let rebuilding: Promise<PluginHost> | undefined;

/**
 * The installed plugin host, rebuilt first (once, however many callers ask
 * at the same time) when a plugins file it was built from changed since.
 * Undefined when no host is installed. Callers that built something from a
 * host compare identities to know when to build it again.
 *
 * @example
 * ```ts
 * const host = await freshPluginHost();
 * if (host !== builtWith) resolver = makeResolver();
 * ```
 */
export async function freshPluginHost(): Promise<PluginHost | undefined> {
  const host = maybePluginHost();
  const from = host?.builtFrom;
  if (!from || filesStamp(from.files) === from.stamp) return host;
  rebuilding ??= reloadPluginHost().finally(() => rebuilding = undefined);
  return await rebuilding;
}

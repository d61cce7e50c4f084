/**
 * Gives a plugin's worker back the directory listings its read carve took
 * away (`carve_out.ts`): `Deno.readDir` and `Deno.readDirSync` of such a
 * directory answer from the listing the CLI made when it started the
 * worker (without the carved entries); every other path goes to Deno, under
 * the worker's permissions. Nothing here widens what the worker may read —
 * a listing holds names and kinds the CLI chose to show.
 * @module
 */

import { isAbsolute, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { ListedEntry } from "./carve_out.ts";

function keyOf(path: string | URL): string | undefined {
  try {
    const text = path instanceof URL ? fileURLToPath(path) : String(path);
    if (!isAbsolute(text)) return undefined; // relative: resolving it needs the cwd, so Deno decides
    const normal = normalize(text);
    return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
  } catch {
    return undefined; // not a file path: Deno reports it
  }
}

/**
 * Makes `Deno.readDir`/`Deno.readDirSync` of the directories in `listings` answer from them.
 *
 * @example
 * ```ts
 * installListings({ "/p": [{ name: "src", isFile: false, isDirectory: true, isSymlink: false }] });
 * ```
 */
export function installListings(listings: Record<string, ListedEntry[]>): void {
  if (Object.keys(listings).length === 0) return;
  const listed = (path: string | URL) => {
    const key = keyOf(path);
    return key !== undefined && Object.hasOwn(listings, key)
      ? listings[key].map((entry) => ({ ...entry }))
      : undefined;
  };
  const readDir = Deno.readDir.bind(Deno);
  const readDirSync = Deno.readDirSync.bind(Deno);
  Object.defineProperty(Deno, "readDir", {
    configurable: true,
    writable: true,
    value: (path: string | URL) => {
      const entries = listed(path);
      if (!entries) return readDir(path);
      return (async function* () {
        yield* entries;
      })();
    },
  });
  Object.defineProperty(Deno, "readDirSync", {
    configurable: true,
    writable: true,
    value: (path: string | URL) => listed(path)?.values() ?? readDirSync(path),
  });
}

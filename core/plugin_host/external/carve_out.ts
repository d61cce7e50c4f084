/**
 * Deno's permission lists can grant a directory but not "a directory except
 * these paths". A grant that covers an excluded path is therefore replaced
 * by the entries of its directory (recursively, only along the way to the
 * excluded path), leaving the excluded one out: `write: ["."]` becomes
 * every entry of the project but `.git`, `.mcp.json` and `.claude`, plus
 * the entries of `.claude` but its protected ones. A grant that names an
 * excluded path (or a path inside it) exactly is kept: the user saw it.
 * The price: a carved grant does not cover entries created after the
 * worker started in the directories it was carved from.
 * @module
 */

import { join } from "node:path";
import { within as inside } from "../../safe_path.ts";

function entriesOf(dir: string): string[] | undefined {
  try {
    return [...Deno.readDirSync(dir)].map((entry) => join(dir, entry.name)).sort();
  } catch (error) {
    // Not a directory, or not there yet: nothing to carve (an excluded path cannot lie inside).
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw error;
  }
}

function expand(grant: string, excluded: string[]): string[] {
  if (excluded.some((path) => inside(path, grant))) return [];
  const within = excluded.filter((path) => inside(grant, path));
  if (within.length === 0) return [grant];
  const entries = entriesOf(grant);
  if (entries === undefined) return [grant];
  return entries.flatMap((entry) => expand(entry, within));
}

/**
 * `grants` (absolute paths) with every path in `excluded` left out, unless
 * a grant names it (or a path inside it) exactly.
 *
 * @example
 * ```ts
 * carveOut(["/p"], ["/p/.git"]); // ["/p/README.md", "/p/src"] (the entries of /p but .git)
 * carveOut(["/p/.git/hooks"], ["/p/.git"]); // ["/p/.git/hooks"] (named exactly)
 * ```
 */
export function carveOut(grants: string[], excluded: string[]): string[] {
  const kept = grants.flatMap((grant) => {
    const named = excluded.some((path) => inside(path, grant));
    return named ? [grant] : expand(grant, excluded);
  });
  return [...new Set(kept)];
}

/** One entry of a directory listing a carved grant takes away (as `Deno.readDir` gives it). */
export interface ListedEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymlink: boolean;
}

/**
 * The listings a carve takes away: each directory that {@linkcode carveOut}
 * replaced by its entries (a grant, or a directory on the way from it to an
 * excluded path), with its entries but the excluded ones. A worker given
 * these can still list the directories it was granted, and sees nothing of
 * what was carved out.
 *
 * @example
 * ```ts
 * carvedListings(["/p"], ["/p/.claude/state"]);
 * // { "/p": [.claude, src, ...], "/p/.claude": [agents, config.json, ...] } (no state)
 * ```
 */
export function carvedListings(
  grants: string[],
  excluded: string[],
): Record<string, ListedEntry[]> {
  const listings: Record<string, ListedEntry[]> = {};
  const visit = (dir: string, within: string[]) => {
    const inner = within.filter((path) => path !== dir && inside(dir, path));
    if (inner.length === 0 || Object.hasOwn(listings, dir)) return;
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch (error) {
      // Not a directory, or not there: nothing was carved from it.
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
        return;
      }
      throw error;
    }
    const shown = entries.filter((entry) => !excluded.includes(join(dir, entry.name)));
    listings[dir] = shown
      .map(({ name, isFile, isDirectory, isSymlink }) => ({ name, isFile, isDirectory, isSymlink }))
      .sort((a, b) => a.name < b.name ? -1 : 1);
    for (const entry of shown) if (entry.isDirectory) visit(join(dir, entry.name), inner);
  };
  for (const grant of grants) {
    if (!excluded.some((path) => inside(path, grant))) visit(grant, excluded);
  }
  return listings;
}

/**
 * Test support for e2e tests: a snapshot of a directory tree (every path,
 * directories marked, a sha256 of every file's bytes) to prove that a command
 * wrote nothing, or restored a tree exactly.
 * @module
 */

import { createHash } from "node:crypto";
import { join, relative } from "node:path";

/** Every file and directory under `dir` with a sha256 of each file's bytes. */
export async function treeHashes(dir: string, base = dir): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      out[`${relative(base, path)}/`] = "dir";
      Object.assign(out, await treeHashes(path, base));
    } else {
      out[relative(base, path)] = createHash("sha256").update(await Deno.readFile(path)).digest(
        "hex",
      );
    }
  }
  return out;
}

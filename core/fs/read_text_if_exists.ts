/**
 * Reading a text file that may not be there: the one place that decides
 * what "not there" means (no such file, or a parent that is a file rather
 * than a folder) and turns every other failure into an error that names the
 * path.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";

/**
 * Text of a file, or `undefined` when missing. Throws `UNREADABLE` (with the
 * path and the cause) when it exists but cannot be read.
 *
 * @example
 * ```ts
 * const hook = await readTextIfExists(join(hooksDir, "pre-commit"));
 * if (hook === undefined) console.log("no pre-commit hook");
 * ```
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw new SuperAgentsError("UNREADABLE", `cannot read ${path}: ${(error as Error).message}`, {
      hint: "check that it is a readable file",
      cause: error,
    });
  }
}

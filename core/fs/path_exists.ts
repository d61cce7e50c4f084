/**
 * Whether a path exists (following links): the one place that turns
 * `Deno.stat`'s `NotFound` into `false` and lets every other error (a
 * permission problem, a broken mount) reach the caller.
 * @module
 */

/**
 * Whether `path` exists (a file, a directory, or a link to either).
 *
 * @example
 * ```ts
 * if (await pathExists(join(root, "go.mod"))) console.log("a Go module");
 * ```
 */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * A file's size, 0 when it does not exist yet (a log before its first line).
 * @module
 */

/**
 * The size of `path` in bytes, or 0 when there is no such file.
 *
 * @example
 * ```ts
 * const logStart = await fileSize(".claude/logs/km_server.log");
 * ```
 */
export async function fileSize(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0; // not written yet
    throw error;
  }
}

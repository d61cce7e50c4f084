/**
 * Finds the `claude` executable (Claude Code) on PATH, for the provider and
 * for `doctor`.
 * @module
 */

import { delimiter, join } from "node:path";

/**
 * The path of `claude` on `PATH`, or `undefined` when Claude Code is not installed.
 *
 * @example
 * ```ts
 * const claude = await findClaude(Deno.env.get("PATH"));
 * ```
 */
export async function findClaude(path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? "").split(delimiter).filter(Boolean)) {
    const candidate = join(dir, Deno.build.os === "windows" ? "claude.exe" : "claude");
    try {
      const info = await Deno.stat(candidate);
      if (info.isFile && (Deno.build.os === "windows" || ((info.mode ?? 0) & 0o111) !== 0)) {
        return candidate;
      }
    } catch (error) {
      if (
        !(error instanceof Deno.errors.NotFound) && !(error instanceof Deno.errors.PermissionDenied)
      ) {
        throw error;
      }
    }
  }
  return undefined;
}

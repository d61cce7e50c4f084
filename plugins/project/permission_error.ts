/**
 * Turns the file system's "permission denied" into a `SuperAgentsError` that
 * names the directory and the fix, for the commands that change a project.
 * @module
 */

import { errorMessage, SuperAgentsError } from "../../core/errors.ts";

/**
 * `error` unchanged, or a PERMISSION_DENIED error naming `root` when the
 * file system refused a write.
 *
 * @example
 * ```ts
 * try { await initProject(ctx, root); } catch (e) { throw permissionError(e, root, "initialise"); }
 * ```
 */
export function permissionError(error: unknown, root: string, verb: string): unknown {
  if (error instanceof Deno.errors.PermissionDenied) {
    return new SuperAgentsError(
      "PERMISSION_DENIED",
      `cannot ${verb} in ${root}: ${errorMessage(error)}`,
      {
        hint: "fix the directory's permissions (or run as its owner); nothing was changed",
        cause: error,
      },
    );
  }
  return error;
}

/**
 * The one way a failed SQLite statement reaches a caller: a
 * `SuperAgentsError` saying what was being done, in which file, and why.
 * @module
 */

import { SuperAgentsError } from "../../../core/errors.ts";

/**
 * Wraps a SQLite error with what was being done and where.
 *
 * @example
 * ```ts
 * try { stmt.run(); } catch (error) { throw storeError("KM_STORE_WRITE", "add an item", path, error); }
 * ```
 */
export function storeError(
  code: string,
  what: string,
  path: string,
  error: unknown,
): SuperAgentsError {
  if (error instanceof SuperAgentsError) return error;
  return new SuperAgentsError(code, `cannot ${what} in ${path}: ${(error as Error).message}`, {
    hint: "check disk space and permissions of .claude/registry/; `super-agents doctor` helps",
    cause: error,
  });
}

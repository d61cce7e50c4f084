/**
 * The error a tool throws when its failure is a message for the model (bad
 * input, a sandbox boundary, an ambiguous edit), not a crash: the tool host
 * returns its text as-is with `isError`.
 * @module
 */

/**
 * A tool failure the model should see as-is (not a crash).
 *
 * @example
 * ```ts
 * throw new ToolError("old_string not found in src/a.ts");
 * ```
 */
export class ToolError extends Error {}

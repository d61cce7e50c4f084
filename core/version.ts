/**
 * The program's version, kept in step with `deno.json` (a test checks).
 * @module
 */

/** The super-agents version. */
export const VERSION = "0.1.0";

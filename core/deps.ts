/**
 * External packages used by the core, at pinned versions. Importing through
 * versioned `npm:` specifiers (not an import map) keeps `deno run <url>` and
 * `deno compile` working. Import this module lazily from commands that need it.
 * @module
 */

export { z } from "npm:zod@4.6.7";
export { isMap, isScalar, parseDocument, YAMLMap } from "npm:yaml@2.9.1";

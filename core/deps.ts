/**
 * External packages used by the core, at pinned versions. Importing through
 * versioned `npm:` specifiers (not an import map) keeps `deno run <url>` and
 * `deno compile` working. Import this module lazily from commands that need it.
 * The YAML parser is in `yaml_deps.ts`, so what needs only zod loads only zod.
 * @module
 */

export { z } from "npm:zod@4.6.7";

/**
 * The YAML parser the core uses (agent files' frontmatter), at its pinned
 * version. Kept apart from `deps.ts` (zod): every sandboxed worker loads
 * zod, and evaluating the YAML package too cost each of them ~30 ms.
 * @module
 */

export { isMap, isScalar, parseDocument, YAMLMap } from "npm:yaml@2.9.1";

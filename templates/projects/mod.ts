/**
 * Project templates for `super-agents init --template <name>`, embedded as
 * data (JSON modules) so a compiled binary carries them. Each names the files
 * that identify such a project, the test command the local test runner will
 * detect, configuration merged into `.claude/config.json` (forbidden paths),
 * and CI hints printed after init. Core validates them
 * (`plugins/project/project_template.ts`).
 * @module
 */

import deno from "./deno.json" with { type: "json" };
import node from "./node.json" with { type: "json" };
import python from "./python.json" with { type: "json" };

/**
 * Template name → raw template data (validated by the core when used).
 *
 * @example
 * ```ts
 * import { projectTemplateData } from "./templates/projects/mod.ts";
 * Object.keys(projectTemplateData); // ["deno", "node", "python"] (detection order)
 * ```
 */
export const projectTemplateData: Record<string, unknown> = { deno, node, python };

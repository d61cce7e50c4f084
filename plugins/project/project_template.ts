/**
 * Project templates (`init --template node|deno|python`): validated from the
 * embedded data in `templates/projects/`, detected from a project's files,
 * and described for the init report (test command, CI hints).
 * @module
 */

import { join } from "node:path";
import { projectTemplateData } from "../../templates/projects/mod.ts";
import { closestMatch } from "../../core/cli/suggest.ts";
import { z } from "../../core/deps.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import { pathExists } from "../../core/fs/path_exists.ts";

/** One project template. */
export const ProjectTemplateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  description: z.string().min(1),
  /** Files whose presence identifies such a project (any one of them). */
  detect: z.array(z.string().min(1)).min(1),
  /** The command the local test runner detects for such a project. */
  testCommand: z.string().min(1),
  /** What to add when none of the `detect` files exists yet. */
  testHint: z.string().min(1),
  /** Partial configuration merged into `.claude/config.json`. */
  config: z.record(z.string(), z.unknown()),
  /** CI hints printed after init. */
  ci: z.array(z.string().min(1)),
});
/** One project template. */
export type ProjectTemplate = z.infer<typeof ProjectTemplateSchema>;

/** The names of the shipped templates. */
export function templateNames(): string[] {
  return Object.keys(projectTemplateData);
}

/**
 * The template called `name`, validated.
 *
 * @example
 * ```ts
 * projectTemplate("deno").testCommand; // "deno test -A"
 * ```
 */
export function projectTemplate(name: string): ProjectTemplate {
  const raw = projectTemplateData[name];
  if (raw === undefined) {
    const suggestion = closestMatch(name, templateNames());
    throw new UsageError(
      `unknown project template "${name}"`,
      (suggestion ? `did you mean --template ${suggestion}? ` : "") +
        `templates: ${templateNames().join(", ")}`,
    );
  }
  const parsed = ProjectTemplateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SuperAgentsError(
      "TEMPLATE_INVALID",
      `the embedded project template "${name}" is invalid: ${parsed.error.issues[0].message}`,
      { hint: "this is a bug in super-agents; report it, and use another --template meanwhile" },
    );
  }
  return parsed.data;
}

/** The first file of `template.detect` present in `root`, if any. */
export async function detectedBy(
  root: string,
  template: ProjectTemplate,
): Promise<string | undefined> {
  for (const file of template.detect) {
    if (await pathExists(join(root, file))) return file;
  }
  return undefined;
}

/**
 * The template whose files are present in `root` (first match in template
 * order: deno, node, python, as the test runner detects), for the wizard's default.
 */
export async function detectTemplate(root: string): Promise<string | undefined> {
  for (const name of templateNames()) {
    if (await detectedBy(root, projectTemplate(name))) return name;
  }
  return undefined;
}

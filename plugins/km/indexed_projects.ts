/**
 * The project roots listed in the global project index
 * (`~/.super-agents/projects.json`), read defensively: the index belongs to
 * `init`, and this reader accepts an array of `{ root }` objects or strings,
 * or an object with a `projects` array, and skips entries it cannot use.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { readJsonFile } from "../../core/fs/read_json_file.ts";
import { globalPaths } from "../../core/paths.ts";

/**
 * Every project root in the index, deduplicated, in index order.
 *
 * @example
 * ```ts
 * for (const root of await indexedProjectRoots(ctx)) console.log(root);
 * ```
 */
export async function indexedProjectRoots(
  ctx: Pick<Context, "home" | "dataHome">,
): Promise<string[]> {
  const path = globalPaths(ctx).projectIndex;
  const raw = await readJsonFile(
    path,
    (error) =>
      new SuperAgentsError("PROJECT_INDEX_INVALID", `${path} is not valid JSON: ${error.message}`, {
        hint: "run `super-agents init` in each project to rebuild its entry, or fix the file",
      }),
  );
  if (raw === undefined) return [];
  const entries = Array.isArray(raw) ? raw : raw !== null && typeof raw === "object" &&
      Array.isArray((raw as { projects?: unknown }).projects)
    ? (raw as { projects: unknown[] }).projects
    : [];
  const roots = entries.map((entry) =>
    typeof entry === "string" ? entry : entry !== null && typeof entry === "object" &&
        typeof (entry as { root?: unknown }).root === "string"
      ? (entry as { root: string }).root
      : undefined
  ).filter((root): root is string => root !== undefined && root.length > 0);
  return [...new Set(roots)];
}

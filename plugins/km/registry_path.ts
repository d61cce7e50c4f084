/**
 * Where a project's registry database lives. Kept apart from the store so
 * light commands (`status`, `doctor`) can name the file without loading it.
 * @module
 */

import { join } from "../../core/light_path.ts"; // not node:path: see light_path.ts
import type { ProjectPaths } from "../../core/paths.ts";

/** `.claude/registry/registry.db` of a project. */
export function registryDbPath(paths: ProjectPaths): string {
  return join(paths.registry, "registry.db");
}

/**
 * The paths no sandbox may change through a broad grant: what decides who
 * may do what in a project (git's own configuration and hooks, agent
 * definitions, the project's configuration, Claude Code settings, the MCP
 * server list) and the KM's private state. A write grant of `.` or of a
 * parent directory does not cover them; only a grant that names the exact
 * path does. The hidden ones are not readable either (the KM's token, the
 * queue database): a read grant must name them exactly.
 * @module
 */

import { join, resolve } from "node:path";
import { within } from "../safe_path.ts";

/** Project-relative paths a broad write grant never covers. */
export const PROTECTED_PATHS: readonly string[] = [
  ".git",
  ".claude/agents",
  ".claude/config.json",
  ".claude/settings.json",
  ".claude/settings.local.json",
  ".claude/state",
  ".mcp.json",
];

/** Project-relative paths a broad read grant never covers. */
export const HIDDEN_PATHS: readonly string[] = [".claude/state"];

/**
 * The protected (or hidden) paths of `root` that a broad grant covers: each
 * lies inside some grant that is not the path itself. (A grant that names
 * the path, or a path inside it, exactly is honoured by `isProtected` and
 * mounted writable again after these.)
 *
 * @example
 * ```ts
 * uncoveredProtected("/p", ["/p"], PROTECTED_PATHS); // ["/p/.git", "/p/.claude/agents", ...]
 * uncoveredProtected("/p", ["/p/src"], PROTECTED_PATHS); // []
 * ```
 */
export function uncoveredProtected(
  root: string,
  grants: true | readonly string[],
  list: readonly string[],
): string[] {
  const absolute = list.map((path) => join(resolve(root), path));
  if (grants === true) return absolute;
  return absolute.filter((path) => grants.some((grant) => within(grant, path) && grant !== path));
}

/**
 * Whether `path` (absolute, links already resolved) lies in a protected or
 * hidden path that a broad grant covers, and under no grant that names that
 * path or a path inside it exactly.
 *
 * @example
 * ```ts
 * isProtected("/p", ["/p"], "/p/.git/config", PROTECTED_PATHS); // true
 * isProtected("/p", ["/p", "/p/.claude/agents/x.md"], "/p/.claude/agents/y.md", PROTECTED_PATHS); // true
 * isProtected("/p", ["/p", "/p/.claude/agents/x.md"], "/p/.claude/agents/x.md", PROTECTED_PATHS); // false
 * isProtected("/p", ["/p"], "/p/src/a.ts", PROTECTED_PATHS); // false
 * ```
 */
export function isProtected(
  root: string,
  grants: true | readonly string[],
  path: string,
  list: readonly string[],
): boolean {
  const covered = uncoveredProtected(root, grants, list).filter((p) => within(p, path));
  if (covered.length === 0) return false;
  const exact = grants === true ? [] : grants.filter((g) => covered.some((p) => within(p, g)));
  return !exact.some((grant) => within(grant, path));
}

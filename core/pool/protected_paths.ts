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

import { isAbsolute, join, relative, resolve } from "node:path";

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

function inside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * The protected (or hidden) paths of `root` that a list of absolute grants
 * covers only broadly: each one lies inside some grant, and no grant names
 * it or a path inside it exactly.
 *
 * @example
 * ```ts
 * uncoveredProtected("/p", ["/p"], PROTECTED_PATHS); // ["/p/.git", "/p/.claude/agents", ...]
 * uncoveredProtected("/p", ["/p", "/p/.claude/agents"], PROTECTED_PATHS); // no ".claude/agents"
 * ```
 */
export function uncoveredProtected(
  root: string,
  grants: true | readonly string[],
  list: readonly string[],
): string[] {
  const absolute = list.map((path) => join(resolve(root), path));
  if (grants === true) return absolute;
  return absolute.filter((path) =>
    grants.some((grant) => inside(grant, path) && grant !== path) &&
    !grants.some((grant) => inside(path, grant))
  );
}

/**
 * Whether `path` (absolute, links already resolved) lies in a protected or
 * hidden path that the grants do not name exactly.
 *
 * @example
 * ```ts
 * isProtected("/p", ["/p"], "/p/.git/config", PROTECTED_PATHS); // true
 * isProtected("/p", ["/p"], "/p/src/a.ts", PROTECTED_PATHS); // false
 * ```
 */
export function isProtected(
  root: string,
  grants: true | readonly string[],
  path: string,
  list: readonly string[],
): boolean {
  return uncoveredProtected(root, grants, list).some((protectedPath) =>
    inside(protectedPath, path)
  );
}

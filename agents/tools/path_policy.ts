/**
 * The file tools' own sandbox check. Deno's permissions check a path as
 * written, not where its symbolic links lead, and a broad grant covers the
 * files that decide what an agent may do; so before a file tool touches a
 * path, the path is resolved physically (links followed, dangling ones to
 * their target) and must lie inside a grant of its access and outside the
 * protected (write) or hidden (read) project paths, unless a grant names
 * them exactly. A link inside the project never widens a grant: git stores
 * links, so any commit can plant one.
 * @module
 */

import { isAbsolute, join, relative, resolve } from "node:path";
import { physicalPath } from "../../core/safe_path.ts";
import { HIDDEN_PATHS, isProtected, PROTECTED_PATHS } from "../../core/pool/protected_paths.ts";
import { ToolError } from "./tool_error.ts";

/** What the file tools may touch: the worker's Deno read and write permissions. */
export interface PathPolicy {
  /** The project root; relative tool paths resolve against it. */
  root: string;
  /** Absolute paths the agent may read; `true` everything, `false` or `[]` nothing. */
  read: boolean | string[];
  /** Absolute paths the agent may write; `true` everything, `false` or `[]` nothing. */
  write: boolean | string[];
}

/** The access a tool needs to a path. */
export type Access = "read" | "write";

/** The grants of one access, resolved once, checking many paths (a directory walk). */
export interface Boundary {
  /** The absolute path (as written, for Deno's own check) of an allowed path; else a ToolError. */
  check(path: string): Promise<string>;
  /**
   * Like {@linkcode Boundary.check} for a missing directory that a write
   * creates on the way to a checked path: it must lie in a grant, and is
   * protected only as that path is (an exact grant of `.claude/agents/x.md`
   * creates `.claude/agents/`).
   */
  checkParent(dir: string): Promise<string>;
  /** Whether {@linkcode Boundary.check} allows `path`. */
  allows(path: string): Promise<boolean>;
}

const WHAT: Record<string, string> = {
  ".git": "git's configuration and hooks",
  ".claude/agents": "agent definitions",
  ".claude/config.json": "the project's configuration",
  ".claude/settings.json": "Claude Code settings",
  ".claude/settings.local.json": "Claude Code settings",
  ".claude/state": "the knowledge manager's private state",
  ".mcp.json": "the MCP server list",
};

/** One way of seeing the project: as written, or with links resolved. */
interface View {
  root: string;
  grants: true | string[];
  /** Protected (or hidden) paths relative to `root`, with what each one is. */
  guarded: { path: string; what: string }[];
}

function inside(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel !== ".." && !rel.startsWith("../") && !isAbsolute(rel);
}

async function resolved(path: string): Promise<string> {
  try {
    return await physicalPath(path);
  } catch (error) {
    // A grant or protected path the worker may not read is taken as written, as Deno takes it.
    if (error instanceof Deno.errors.NotCapable) return path;
    throw error;
  }
}

function refusal(text: string): ToolError {
  return new ToolError(`sandbox boundary: ${text}`);
}

/** The protected entry of `view` that `target` lies in and that no grant names exactly. */
function guardedBy(view: View, target: string): { path: string; what: string } | undefined {
  const hits = view.guarded.filter((entry) => inside(join(view.root, entry.path), target));
  if (hits.length === 0) return undefined;
  const lists = view.guarded.map((entry) => entry.path);
  // isProtected lets a grant of one file inside a protected directory open the whole directory
  // to a broad grant; here the target itself must lie in a grant at or inside the protected path.
  const named = view.grants !== true &&
    view.grants.some((grant) =>
      inside(grant, target) && hits.some((hit) => inside(join(view.root, hit.path), grant))
    );
  return isProtected(view.root, view.grants, target, lists) || !named ? hits[0] : undefined;
}

function shown(root: string, path: string): string {
  return inside(root, path) ? relative(root, path) : path;
}

/** The grants of one access, as written and with links resolved. */
interface Grants {
  access: Access;
  lexical: View;
  physical: View;
  /** The grants as the user wrote them, for messages. */
  text: string;
}

async function resolveGrants(policy: PathPolicy, access: Access): Promise<Grants> {
  const root = resolve(policy.root);
  const realRoot = await resolved(root);
  const value = policy[access];
  const written: true | string[] = typeof value === "boolean"
    ? (value || [])
    : value.map((grant) => resolve(root, grant));
  // A grant inside the project is taken as written below the root: a link there widens nothing.
  const real: true | string[] = written === true ? true : await Promise.all(
    written.map((grant) =>
      inside(root, grant) ? Promise.resolve(join(realRoot, relative(root, grant))) : resolved(grant)
    ),
  );
  const list = access === "write" ? PROTECTED_PATHS : HIDDEN_PATHS;
  const guarded = list.map((path) => ({ path, what: WHAT[path] ?? "a protected path" }));
  const physical: View = { root: realRoot, grants: real, guarded: [...guarded] };
  for (const entry of guarded) {
    const path = relative(realRoot, await resolved(join(root, entry.path)));
    if (path !== entry.path) physical.guarded.push({ path, what: entry.what });
  }
  return {
    access,
    lexical: { root, grants: written, guarded },
    physical,
    text: written === true ? "everything" : written.join(", "),
  };
}

/** Where `path` is as written and physically, once it is inside a grant; else a refusal. */
async function locate(grants: Grants, path: string): Promise<{ target: string; real: string }> {
  if (path.includes("\0")) throw refusal(`${JSON.stringify(path)} holds a NUL byte. Do not retry.`);
  const { root } = grants.lexical;
  const target = isAbsolute(path) ? resolve(path) : resolve(root, path);
  let real: string;
  try {
    real = await physicalPath(target);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    throw refusal(
      `"${path}" cannot be checked: this agent may not read where it leads (${error.message}). Do not retry.`,
    );
  }
  const { access, physical } = grants;
  if (physical.grants === true || physical.grants.some((grant) => inside(grant, real))) {
    return { target, real };
  }
  const leads = `"${path}" ${real === target ? "is" : "resolves to"} ${real}`;
  throw refusal(
    physical.grants.length === 0
      ? `${leads}, and this agent has no ${access} grant. Do not retry.`
      : `${leads}, outside this agent's ${access} grant (${grants.text}). Do not retry.`,
  );
}

function guard(grants: Grants, path: string, target: string, real: string): void {
  const hit = guardedBy(grants.lexical, target) ?? guardedBy(grants.physical, real);
  if (!hit) return;
  const { access, lexical, physical } = grants;
  const named = real === target
    ? shown(lexical.root, target)
    : `"${path}" resolves to ${shown(physical.root, real)}, which`;
  throw refusal(
    `${named} is ${access === "write" ? "protected" : "hidden"} (${hit.what}); ` +
      `a broad ${access} grant does not cover it — only the user can grant it by naming the exact path.`,
  );
}

/**
 * Resolves the grants of one access of `policy` for checking paths.
 *
 * @example
 * ```ts
 * const boundary = await accessBoundary({ root: "/p", read: ["/p"], write: false }, "read");
 * await boundary.allows("/p/link-to-home/.ssh/id_rsa"); // false
 * ```
 */
export async function accessBoundary(policy: PathPolicy, access: Access): Promise<Boundary> {
  const grants = await resolveGrants(policy, access);
  const check = async (path: string): Promise<string> => {
    const { target, real } = await locate(grants, path);
    guard(grants, path, target, real);
    return target;
  };
  return {
    check,
    async checkParent(dir) {
      return (await locate(grants, dir)).target;
    },
    async allows(path) {
      try {
        await check(path);
        return true;
      } catch (error) {
        if (error instanceof ToolError) return false; // refused: the walk leaves it out
        throw error;
      }
    },
  };
}

/**
 * The absolute path of a tool's `path` (relative to the root, or absolute)
 * when the agent's grants of `access` allow it physically; else throws a
 * ToolError naming the sandbox boundary.
 *
 * @example
 * ```ts
 * const files = { root: "/p", read: ["/p"], write: ["/p"] };
 * await checkedPath(files, "src/a.ts", "write"); // "/p/src/a.ts"
 * await checkedPath(files, "link/id_rsa", "read"); // throws: resolves to /home/u/.ssh/id_rsa, outside …
 * await checkedPath(files, ".git/config", "write"); // throws: is protected (git's configuration and hooks)
 * ```
 */
export async function checkedPath(
  policy: PathPolicy,
  path: string,
  access: Access,
): Promise<string> {
  return await (await accessBoundary(policy, access)).check(path);
}

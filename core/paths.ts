/**
 * Where things live. The project root is the nearest directory at or above
 * the working directory that holds `.claude/` (the way git finds `.git/`);
 * every project path is derived from it. Global paths derive from the
 * context's home and data directory, never from where the program is
 * installed.
 * @module
 */

import { dirname, join, resolve } from "./light_path.ts"; // not node:path: see light_path.ts
import type { Context } from "./context.ts";
import { SuperAgentsError } from "./errors.ts";

/** The directories and files of one project. */
export interface ProjectPaths {
  root: string;
  claude: string;
  state: string;
  events: string;
  registry: string;
  logs: string;
  agents: string;
  triggers: string;
  workspaces: string;
  config: string;
  manifest: string;
}

/** The per-user files of the global layer. */
export interface GlobalPaths {
  /** `~/.super-agents-config`: the install record. */
  config: string;
  /** `~/.super-agents/` (or `SUPER_AGENTS_HOME`). */
  dataHome: string;
  /** The index of every initialised project. */
  projectIndex: string;
  /** Lock taken while allocating KM ports across projects. */
  portLock: string;
}

/** Paths of the project rooted at `root`. */
export function projectPaths(root: string): ProjectPaths {
  const claude = join(root, ".claude");
  return {
    root,
    claude,
    state: join(claude, "state"),
    events: join(claude, "events"),
    registry: join(claude, "registry"),
    logs: join(claude, "logs"),
    agents: join(claude, "agents"),
    triggers: join(claude, "triggers"),
    workspaces: join(claude, "workspaces"),
    config: join(claude, "config.json"),
    manifest: join(claude, "manifest.json"),
  };
}

/** Paths of the global layer for this context's user. */
export function globalPaths(ctx: Pick<Context, "home" | "dataHome">): GlobalPaths {
  return {
    config: join(ctx.home, ".super-agents-config"),
    dataHome: ctx.dataHome,
    projectIndex: join(ctx.dataHome, "projects.json"),
    portLock: join(ctx.dataHome, "locks", "ports.lock"),
  };
}

/**
 * The nearest directory at or above `start` containing `.claude/`, or
 * `undefined`. The home directory's own `~/.claude` (Claude Code's user
 * settings) does not make home a project unless it holds our config.
 */
export function findProjectRoot(start: string, home?: string): string | undefined {
  let dir = resolve(start);
  while (true) {
    if (isProjectDir(dir, home)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Whether `dir` itself is a project: it holds `.claude/` (for the home
 * directory, only with our config in it: `~/.claude` alone is Claude Code's).
 *
 * @example
 * ```ts
 * isProjectDir("/repo", Deno.env.get("HOME")); // true after `super-agents init` in /repo
 * ```
 */
export function isProjectDir(dir: string, home?: string): boolean {
  try {
    if (!Deno.statSync(join(dir, ".claude")).isDirectory) return false;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw error;
  }
  if (home === undefined || resolve(home) !== dir) return true;
  try {
    return Deno.statSync(join(dir, ".claude", "config.json")).isFile;
  } catch {
    return false; // ~/.claude without our config is Claude Code's, not a project
  }
}

/**
 * The project around the context's working directory, or a clear error that
 * says how to create one.
 *
 * @example
 * ```ts
 * const paths = requireProject(ctx);
 * console.log(paths.state); // /repo/.claude/state
 * ```
 */
export function requireProject(ctx: Pick<Context, "cwd" | "home">): ProjectPaths {
  const root = findProjectRoot(ctx.cwd, ctx.home);
  if (root === undefined) {
    throw new SuperAgentsError(
      "NOT_A_PROJECT",
      `not inside a super-agents project (no .claude/ in ${ctx.cwd} or any parent)`,
      { hint: "run `super-agents init` in the project's root directory" },
    );
  }
  return projectPaths(root);
}

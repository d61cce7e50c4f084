/**
 * How a project's integrations (`.mcp.json`, the Claude Code hooks in
 * `.claude/settings.json`, the git hooks) start super-agents. When
 * `super-agents` resolves on PATH they use the bare name, which survives
 * upgrades and moves; otherwise — a checkout run as `deno run …/main.ts`,
 * an IDE that starts Claude Code with a short PATH — they get the absolute
 * command that runs this very super-agents, so nothing fails with 127 or
 * ENOENT. That command is `selfLaunch()` as is: it names the checkout's
 * `deno.json`, whose lockfile pins the npm packages (the MCP SDK), where no
 * configuration would make Deno resolve them from the registry at each start.
 * @module
 */

import { delimiter, isAbsolute, join } from "node:path";
import { selfLaunch } from "../../core/self_command.ts";

/** The command that starts super-agents, and whether it came from PATH. */
export interface Launcher {
  /** Program and leading arguments, e.g. `["super-agents"]`. */
  argv: string[];
  /** `super-agents` resolved on PATH, so the bare name is used. */
  onPath: boolean;
}

/** The bare launcher. */
export const BARE_LAUNCHER: Launcher = { argv: ["super-agents"], onPath: true };

/**
 * The executable `name` on `path` (a PATH value), or `undefined`.
 *
 * @example
 * ```ts
 * resolveOnPath("git", Deno.env.get("PATH") ?? ""); // "/usr/bin/git"
 * ```
 */
export function resolveOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry depends on the cwd
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether `path` is an executable regular file (following links).
 *
 * @example
 * ```ts
 * isExecutable("/usr/local/bin/deno"); // true
 * ```
 */
export function isExecutable(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    return info.isFile && (Deno.build.os === "windows" || ((info.mode ?? 0) & 0o111) !== 0);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false; // nothing there
    }
    throw error;
  }
}

/**
 * The absolute command that runs this super-agents.
 *
 * @example
 * ```ts
 * absoluteLauncher(); // ["/usr/local/bin/deno", "run", "-A", ..., "/opt/sa/main.ts"]
 * ```
 */
export function absoluteLauncher(): string[] {
  return selfLaunch();
}

/**
 * The launcher for a project's integrations: bare when `super-agents` is on
 * `path`, else {@linkcode absoluteLauncher}.
 *
 * @example
 * ```ts
 * const launcher = detectLauncher(Deno.env.get("PATH") ?? "");
 * if (!launcher.onPath) console.log(`using ${launcher.argv.join(" ")}`);
 * ```
 */
export function detectLauncher(path: string): Launcher {
  return resolveOnPath("super-agents", path) ? BARE_LAUNCHER : {
    argv: absoluteLauncher(),
    onPath: false,
  };
}

/**
 * Whether a recorded launcher still works: its program exists (an absolute
 * path) or resolves on `path`, and a `deno run` launcher's entry module exists.
 *
 * @example
 * ```ts
 * launcherWorks(["/gone/deno", "run", "/gone/main.ts"], "/usr/bin"); // false
 * ```
 */
export function launcherWorks(argv: string[], path: string): boolean {
  const [program, ...args] = argv;
  if (!program) return false;
  const found = isAbsolute(program) ? isExecutable(program) : !!resolveOnPath(program, path);
  if (!found) return false;
  if (args[0] !== "run") return true;
  const entry = args.find((arg) => arg.endsWith(".ts") && isAbsolute(arg));
  return entry === undefined || isFile(entry);
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false; // the checkout moved
    }
    throw error;
  }
}

/**
 * Test support: run the real CLI as a subprocess in a temp HOME and a temp
 * project, and clean up afterwards.
 * @module
 */

import { join } from "node:path";

/** The checkout's `main.ts`. */
export const MAIN = new URL("../../main.ts", import.meta.url).pathname;

/** Result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temp HOME plus a temp project directory. */
export interface Sandbox {
  home: string;
  project: string;
  env: Record<string, string>;
  /** Runs `super-agents ...args` in `cwd` (default: the project). */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  /** Spawns without waiting (for long-running commands). */
  spawn(args: string[], options?: RunOptions): Deno.ChildProcess;
  cleanup(): Promise<void>;
}

/** Options for {@linkcode Sandbox.run}. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  stdin?: string;
  /** Kill the CLI after this long (a command expected to return must not hang the test). */
  timeoutMs?: number;
}

/** Runs the CLI once with explicit environment. */
export async function runCli(
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    stdin?: string;
    timeoutMs?: number;
  },
): Promise<CliResult> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--cached-only", MAIN, ...args],
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  const timer = options.timeoutMs === undefined
    ? undefined
    : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const output = await child.output().finally(() => clearTimeout(timer));
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Environment every sandboxed run gets: a temp HOME and the tools on PATH. */
export function baseEnv(home: string): Record<string, string> {
  return {
    HOME: home,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "/root", ".cache", "deno"),
    TMPDIR: Deno.env.get("TMPDIR") ?? "/tmp",
  };
}

/**
 * Creates a temp HOME and project.
 *
 * @example
 * ```ts
 * const sandbox = await createSandbox();
 * try {
 *   const result = await sandbox.run(["init"]);
 * } finally {
 *   await sandbox.cleanup();
 * }
 * ```
 */
export async function createSandbox(): Promise<Sandbox> {
  const base = await Deno.makeTempDir({ prefix: "super-agents-test-" });
  const home = join(base, "home");
  const project = join(base, "project");
  await Deno.mkdir(home, { recursive: true });
  await Deno.mkdir(project, { recursive: true });
  const env = baseEnv(home);
  return {
    home,
    project,
    env,
    run: (args, options = {}) =>
      runCli(args, {
        cwd: options.cwd ?? project,
        env: { ...env, ...options.env },
        stdin: options.stdin,
        timeoutMs: options.timeoutMs,
      }),
    spawn: (args, options = {}) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--quiet", "--cached-only", MAIN, ...args],
        cwd: options.cwd ?? project,
        env: { NO_COLOR: "1", ...env, ...options.env },
        clearEnv: true,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn(),
    cleanup: () => Deno.remove(base, { recursive: true }),
  };
}

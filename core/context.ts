/**
 * The context every command and core service receives: where it runs, the
 * environment, the clock and id source, and how to print. Passing these in
 * (instead of reading globals) lets tests control time and place.
 * @module
 */

import { join } from "./light_path.ts"; // not node:path: see light_path.ts
import type { CommandEntry } from "./cli/command.ts";

/** Where output goes; `write` receives text without a trailing newline added. */
export interface Output {
  write(text: string): void;
  isTerminal: boolean;
}

/** Runtime context for commands and services. */
export interface Context {
  /** Directory the command was started in. */
  cwd: string;
  /** Reads one environment variable. */
  env(name: string): string | undefined;
  /** The user's home directory (`HOME`). */
  home: string;
  /** Per-user data directory: `SUPER_AGENTS_HOME` or `~/.super-agents`. */
  dataHome: string;
  /** Milliseconds since the epoch. */
  now(): number;
  stdout: Output;
  stderr: Output;
  /** Machine-readable output requested (`--json`). */
  json: boolean;
  /** Verbose diagnostics requested (`--debug`). */
  debug: boolean;
  /** Whether ANSI colour may be used (off with `NO_COLOR` or a non-terminal). */
  color: boolean;
  /** Every command of the program (set by `main.ts`), for `completions` and help checks. */
  commands?: readonly CommandEntry[];
}

/** Options to override parts of the default context. */
export type ContextOverrides = Partial<Context>;

function output(stream: () => typeof Deno.stdout | typeof Deno.stderr): Output {
  const encoder = new TextEncoder();
  let terminal: boolean | undefined;
  // The stream and its terminal check are touched on first use: a command that prints nothing to
  // stderr, or runs with NO_COLOR, never pays for them at start-up.
  return {
    write(text: string) {
      const bytes = encoder.encode(text);
      let written = 0;
      while (written < bytes.length) written += stream().writeSync(bytes.subarray(written));
    },
    get isTerminal() {
      return terminal ??= stream().isTerminal();
    },
  };
}

/**
 * The context of the running process, from `Deno.env`, `Deno.cwd()` and the clock.
 *
 * @example
 * ```ts
 * const ctx = createContext({ json: true });
 * ctx.stdout.write(JSON.stringify({ ok: true }) + "\n");
 * ```
 */
export function createContext(overrides: ContextOverrides = {}): Context {
  const env = overrides.env ?? ((name: string) => Deno.env.get(name));
  const home = overrides.home ?? env("HOME") ?? env("USERPROFILE") ?? Deno.cwd();
  const stdout = overrides.stdout ?? output(() => Deno.stdout);
  return {
    cwd: overrides.cwd ?? Deno.cwd(),
    env,
    home,
    dataHome: overrides.dataHome ?? env("SUPER_AGENTS_HOME") ?? join(home, ".super-agents"),
    now: overrides.now ?? (() => Date.now()),
    stdout,
    stderr: overrides.stderr ?? output(() => Deno.stderr),
    json: overrides.json ?? false,
    debug: overrides.debug ?? false,
    color: overrides.color ?? (env("NO_COLOR") === undefined && stdout.isTerminal),
    ...(overrides.commands ? { commands: overrides.commands } : {}),
  };
}

/**
 * The shape of a CLI command. Each command is one module exporting a
 * `CommandSpec` built with {@linkcode defineCommand}; `main.ts` only parses
 * global flags and dispatches. A command with `subcommands` dispatches on its
 * first positional (`super-agents events tail`).
 * @module
 */

import type { Context } from "../context.ts";

/** One flag of a command, in `node:util` parseArgs terms plus help text. */
export interface FlagSpec {
  type: "boolean" | "string";
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Shown in `--help`; for string flags name the value, e.g. `"<n> worker count"`. */
  description: string;
}

/** A positional argument, for help text and arity checks. */
export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** Takes all remaining positionals. */
  variadic?: boolean;
}

/** Parsed arguments handed to `run`. */
export interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** A CLI command. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Longer help shown under the usage line. */
  description?: string;
  flags?: Record<string, FlagSpec>;
  positionals?: PositionalSpec[];
  /** Complete command lines, shown in `--help`. */
  examples?: string[];
  subcommands?: Record<string, CommandSpec>;
  /** Returns the exit code (default 0). */
  run?: (ctx: Context, args: CommandArgs) => Promise<number | void> | number | void;
}

/** A table entry: enough to list and find a command without importing it. */
export interface CommandEntry {
  name: string;
  summary: string;
  /** Imports the module that exports the command as `command`. */
  load: () => Promise<{ command: CommandSpec }>;
  /** Hidden from the command list (internal plumbing such as `hook`). */
  hidden?: boolean;
  /**
   * Runs before the plugin host is built (it needs no plugin; a plugin
   * contribution it does use — a queue backend — loads the host then), so
   * it starts faster: `status`, `version`.
   */
  light?: boolean;
}

/**
 * Identity helper that type-checks a command spec.
 *
 * @example
 * ```ts
 * export const command = defineCommand({
 *   name: "hello",
 *   summary: "print a greeting",
 *   run(ctx) { ctx.stdout.write("hello\n"); },
 * });
 * ```
 */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** A string flag's value, or `undefined`. */
export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** A boolean flag's value (false when absent). */
export function booleanFlag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

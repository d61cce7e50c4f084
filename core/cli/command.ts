/**
 * The shape of a CLI command. Each command is one module exporting a
 * `CommandSpec` built with {@linkcode defineCommand}; `main.ts` only parses
 * global flags and dispatches. A command with `subcommands` dispatches on its
 * first positional (`super-agents events tail`).
 * @module
 */

import type { Context } from "../context.ts";

/**
 * The kinds of flag: `boolean` and `string` as in `node:util` parseArgs, and
 * typed values checked before `run` (see `flag_values.ts`): `integer` (with
 * `min`/`max`), `duration` (`30s`, `5m`, `2h`, `7d` or milliseconds, given to
 * `run` in ms), `enum` (one of `values`), `list` (comma-separated) and `path`
 * (a relative path resolved against the working directory).
 */
export type FlagType = "boolean" | "string" | "integer" | "duration" | "enum" | "list" | "path";

/** One flag of a command, in `node:util` parseArgs terms plus its type and help text. */
export interface FlagSpec {
  type: FlagType;
  short?: string;
  multiple?: boolean;
  default?: string | boolean | number;
  /**
   * Shown in `--help`. A leading `<placeholder>` names the value (`"<n> worker
   * count"`); help shows it once, next to the flag.
   */
  description: string;
  /** The value placeholder in help when the description does not start with one. */
  placeholder?: string;
  /** Smallest allowed value (`integer`; milliseconds for `duration`). */
  min?: number;
  /** Largest allowed value (`integer`; milliseconds for `duration`). */
  max?: number;
  /** What an `integer` counts, for errors: `"days"`. */
  unit?: string;
  /** A valid value, for errors: `"7"`. */
  example?: string;
  /** The allowed values of an `enum` flag. */
  values?: readonly string[];
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
  values: Record<string, string | boolean | number | string[] | undefined>;
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

/** A string flag's value (a number flag's as text, e.g. `"7"`), or `undefined`. */
export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  if (typeof value === "number") return String(value);
  return typeof value === "string" ? value : undefined;
}

/** An `integer` or `duration` flag's value, or `undefined`. */
export function numberFlag(args: CommandArgs, name: string): number | undefined {
  const value = args.values[name];
  return typeof value === "number" ? value : undefined;
}

/** A `list` flag's items, or `undefined`. */
export function listFlag(args: CommandArgs, name: string): string[] | undefined {
  const value = args.values[name];
  return Array.isArray(value) ? value : undefined;
}

/** A boolean flag's value (false when absent). */
export function booleanFlag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

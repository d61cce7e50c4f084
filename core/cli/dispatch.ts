/**
 * Turns a command line into a call of one command's `run`: global flags,
 * command lookup with "did you mean", subcommands, per-command flags parsed
 * strictly by `node:util` parseArgs, and `--help` at every level.
 * @module
 */

import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import type { CommandArgs, CommandEntry, CommandSpec } from "./command.ts";
import { importModule } from "../lazy_import.ts";

// Help text and "did you mean" are needed only on the paths that print them: loaded then.
const help = () => importModule<typeof import("./help.ts")>(new URL("./help.ts", import.meta.url));
const suggest = () =>
  importModule<typeof import("./suggest.ts")>(new URL("./suggest.ts", import.meta.url));
// Typed flags (integers, durations, …) are checked only by the commands that declare some.
const flagValues = () =>
  importModule<typeof import("./flag_values.ts")>(new URL("./flag_values.ts", import.meta.url));

/** Flags every command accepts, pulled out before the command parses its own. */
export interface GlobalFlags {
  json: boolean;
  debug: boolean;
  noColor: boolean;
  help: boolean;
  version: boolean;
}

/** The global flags' long names, for "did you mean" on a mistyped one. */
export const GLOBAL_FLAG_NAMES = ["json", "debug", "no-color", "help", "version"];

const globalNames: Record<string, keyof GlobalFlags> = {
  "--json": "json",
  "--debug": "debug",
  "--no-color": "noColor",
  "--help": "help",
  "-h": "help",
  "--version": "version",
  "-V": "version",
};

/** Splits global flags from the rest of the arguments (up to a `--`). */
export function extractGlobalFlags(argv: string[]): { flags: GlobalFlags; rest: string[] } {
  const flags: GlobalFlags = {
    json: false,
    debug: false,
    noColor: false,
    help: false,
    version: false,
  };
  const rest: string[] = [];
  let passthrough = false;
  for (const arg of argv) {
    const name = globalNames[arg];
    if (!passthrough && name) flags[name] = true;
    else rest.push(arg);
    if (arg === "--") passthrough = true;
  }
  return { flags, rest };
}

/**
 * Runs the command named by `argv` and returns its exit code.
 * Usage mistakes throw {@linkcode UsageError}.
 */
export async function dispatch(
  ctx: Context,
  entries: CommandEntry[],
  argv: string[],
  flags: GlobalFlags,
  version: string,
): Promise<number> {
  try {
    return await dispatchCommand(ctx, entries, argv, flags, version);
  } catch (error) {
    // The reader went away (`super-agents events query | head`): nothing is left to say to it,
    // and what it wanted it has. End quietly with success, as `cat` does, not as a bug to report.
    if (error instanceof Deno.errors.BrokenPipe) return 0;
    throw error;
  }
}

async function dispatchCommand(
  ctx: Context,
  entries: CommandEntry[],
  argv: string[],
  flags: GlobalFlags,
  version: string,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    ctx.stdout.write((await help()).programHelp(entries, version, ctx.color));
    return 0;
  }
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) {
    const { closestMatch } = await suggest();
    if (name.startsWith("-")) {
      const flag = closestMatch(name.replace(/^-+/, "").split("=")[0], GLOBAL_FLAG_NAMES);
      throw new UsageError(
        `unknown option ${name}`,
        flag ? `did you mean --${flag}?` : "run `super-agents --help` for the global options",
      );
    }
    const suggestion = closestMatch(name, entries.filter((e) => !e.hidden).map((e) => e.name));
    throw new UsageError(
      `unknown command "${name}"`,
      suggestion
        ? `did you mean \`super-agents ${suggestion}\`?`
        : "run `super-agents --help` for the list of commands",
    );
  }
  const { command } = await entry.load();
  return await runSpec(ctx, command, [name], rest, flags);
}

async function runSpec(
  ctx: Context,
  spec: CommandSpec,
  path: string[],
  argv: string[],
  flags: GlobalFlags,
): Promise<number> {
  if (spec.subcommands) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub.startsWith("-")) {
      if (flags.help || !spec.run) {
        ctx.stdout.write((await help()).commandHelp(spec, path, ctx.color));
        return flags.help ? 0 : 2;
      }
    } else {
      const child = spec.subcommands[sub];
      if (!child) {
        const { closestMatch } = await suggest();
        const suggestion = closestMatch(sub, Object.keys(spec.subcommands));
        throw new UsageError(
          `unknown subcommand "${path.join(" ")} ${sub}"`,
          suggestion
            ? `did you mean \`super-agents ${path.join(" ")} ${suggestion}\`?`
            : `run \`super-agents ${path.join(" ")} --help\` for its subcommands`,
        );
      }
      return await runSpec(ctx, child, [...path, sub], rest, flags);
    }
  }
  if (flags.help || !spec.run) {
    ctx.stdout.write((await help()).commandHelp(spec, path, ctx.color));
    return 0;
  }
  const args = await parseCommandArgs(spec, path, argv, ctx.cwd);
  return (await spec.run(ctx, args)) ?? 0;
}

/**
 * Parses a command's own flags strictly with `node:util` parseArgs (the one
 * flag grammar); unknown flags suggest the closest one. An empty command line
 * (`status`, `version`) has nothing to parse, so `node:util` is not loaded for
 * it: loading a Node polyfill costs about 6 ms, a third of Deno's own start-up.
 */
export async function parseCommandArgs(
  spec: CommandSpec,
  path: string[],
  argv: string[],
  cwd: string = Deno.cwd(),
): Promise<CommandArgs> {
  if (argv.length === 0) {
    checkPositionals(spec, path, []);
    return { values: withDefaults(spec, {}), positionals: [] };
  }
  if (argv.some((arg) => /^-\d/.test(arg))) {
    argv = (await flagValues()).joinNegativeValues(spec.flags ?? {}, argv);
  }
  const { parseArgs } = await import("node:util");
  const options: Record<
    string,
    { type: "string" | "boolean"; short?: string; multiple?: boolean }
  > = {};
  for (const [flag, f] of Object.entries(spec.flags ?? {})) {
    // parseArgs rejects keys present with an undefined value, so only set what is declared.
    options[flag] = {
      type: f.type === "boolean" ? "boolean" : "string",
      ...(f.short ? { short: f.short } : {}),
      ...(f.multiple ? { multiple: true } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw flagError(error, spec, path, (await suggest()).closestMatch);
  }
  checkPositionals(spec, path, parsed.positionals);
  // parseArgs returns a null-prototype object; commands get a plain one.
  const values = { ...parsed.values } as CommandArgs["values"];
  return {
    values: withDefaults(spec, await typed(spec, values, cwd)),
    positionals: parsed.positionals,
  };
}

/** Converts the typed flags (integers, durations, …) when the command declares any. */
async function typed(
  spec: CommandSpec,
  values: CommandArgs["values"],
  cwd: string,
): Promise<CommandArgs["values"]> {
  const flags = spec.flags ?? {};
  const anyTyped = Object.values(flags).some((f) => f.type !== "boolean" && f.type !== "string");
  return anyTyped ? (await flagValues()).convertFlags(flags, values, cwd) : values;
}

/** Fills in the declared defaults of flags that were not given. */
function withDefaults(spec: CommandSpec, values: CommandArgs["values"]): CommandArgs["values"] {
  for (const [flag, f] of Object.entries(spec.flags ?? {})) {
    if (values[flag] === undefined && f.default !== undefined) values[flag] = f.default;
  }
  return values;
}

function flagError(
  error: unknown,
  spec: CommandSpec,
  path: string[],
  closestMatch: (given: string, names: string[]) => string | undefined,
): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const help = `run \`super-agents ${path.join(" ")} --help\` for its options`;
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
  if (unknown) {
    const given = unknown[1].replace(/^-+/, "").split("=")[0];
    const suggestion = closestMatch(given, [
      ...Object.keys(spec.flags ?? {}),
      ...GLOBAL_FLAG_NAMES,
    ]);
    return new UsageError(
      `unknown option ${unknown[1]} for \`super-agents ${path.join(" ")}\``,
      suggestion ? `did you mean --${suggestion}?` : help,
    );
  }
  return new UsageError(message.split("\n")[0].replace(/\.$/, ""), help);
}

function checkPositionals(spec: CommandSpec, path: string[], given: string[]): void {
  const declared = spec.positionals ?? [];
  const required = declared.filter((p) => p.required).length;
  const variadic = declared.some((p) => p.variadic);
  const usage = `run \`super-agents ${path.join(" ")} --help\` for usage`;
  if (given.length < required) {
    const missing = declared.filter((p) => p.required)[given.length];
    throw new UsageError(`missing argument <${missing.name}>: ${missing.description}`, usage);
  }
  if (!variadic && given.length > declared.length) {
    throw new UsageError(`unexpected argument "${given[declared.length]}"`, usage);
  }
}

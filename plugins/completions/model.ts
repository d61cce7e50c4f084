/**
 * What the shell completion scripts know, derived from the command tables:
 * for every command path (`""`, `"events"`, `"events tail"`) its
 * subcommands, its flags (and which take a value), and what its positionals
 * complete to. Each shell module (`bash.ts`, `zsh.ts`, `fish.ts`) renders
 * this one table, so the three scripts never disagree.
 *
 * Value candidates come from conventions the command specs already follow:
 * a positional or flag named `agent`/`agents` completes to agent names (at
 * completion time, through `super-agents agents list --json`); a description
 * starting `<a|b|c>` lists its values; `config` keys complete to the schema's
 * keys; other positionals complete to file names.
 * @module
 */

import type {
  CommandEntry,
  CommandSpec,
  FlagSpec,
  PositionalSpec,
} from "../../core/cli/command.ts";
import { globalFlagHelp } from "../../core/cli/help.ts";

/** Where the candidates for one value come from. */
export type ValueSource =
  | { kind: "words"; words: string[] }
  | { kind: "agents" }
  | { kind: "files" }
  | { kind: "free" };

/** One flag: its spellings, help and value. */
export interface CompletionFlag {
  /** `--name` first, then `-x` when it has a short form. */
  names: string[];
  description: string;
  /** Absent for boolean flags. */
  value?: ValueSource;
}

/** One command path. */
export interface CompletionNode {
  /** Space-separated path below the program, `""` for the program itself. */
  path: string;
  commands: { name: string; summary: string }[];
  flags: CompletionFlag[];
  /** What each positional completes to, in order. */
  positionals: ValueSource[];
  /** The last positional takes all remaining arguments. */
  variadic: boolean;
}

/** The whole table: every node, parents first, and the global flags. */
export interface CompletionTable {
  program: string;
  nodes: CompletionNode[];
  globalFlags: CompletionFlag[];
}

/** Placeholders that look like values in `<a|b>` descriptions but name a kind of value. */
const PLACEHOLDERS = new Set([
  "date",
  "id",
  "ids",
  "tier",
  "n",
  "ms",
  "path",
  "file",
  "dir",
  "name",
  "url",
  "value",
  "key",
]);

const WORDS = "[a-z0-9][a-z0-9.-]*(?:\\|[a-z0-9][a-z0-9.-]*)+";

/**
 * The values listed by a description starting `<a|b|c>`, or `<x> a|b|c`, if
 * they are literal words (not placeholders such as `<tier|id>`).
 */
export function listedValues(description: string): string[] | undefined {
  const match = new RegExp(`^<(${WORDS})>`).exec(description) ??
    new RegExp(`^<[^>]*>\\s+(${WORDS})(?:\\s|$)`).exec(description);
  if (!match) return undefined;
  const words = match[1].split("|");
  return words.some((word) => PLACEHOLDERS.has(word)) ? undefined : words;
}

/** Flags whose `<a|b>` names the kinds of value they accept, not the values themselves. */
const FREE_FORM = new Set(["input", "payload"]);

function flagValue(name: string, flag: FlagSpec): ValueSource | undefined {
  if (flag.type === "boolean") return undefined;
  if (name === "agent" || name === "agents") return { kind: "agents" };
  if (FREE_FORM.has(name)) return { kind: "free" };
  if (flag.type === "enum" && flag.values) return { kind: "words", words: [...flag.values] };
  const words = listedValues(flag.description);
  return words ? { kind: "words", words } : { kind: "free" };
}

function positionalValue(
  path: string[],
  positional: PositionalSpec,
  configKeys: readonly string[],
): ValueSource {
  if (positional.name === "agent" || positional.name === "agents") return { kind: "agents" };
  if (path[0] === "config" && positional.name === "key") {
    return { kind: "words", words: [...configKeys] };
  }
  const words = listedValues(positional.description);
  return words ? { kind: "words", words } : { kind: "files" };
}

function nodesOf(
  spec: CommandSpec,
  path: string[],
  configKeys: readonly string[],
): CompletionNode[] {
  const subcommands = Object.entries(spec.subcommands ?? {});
  const node: CompletionNode = {
    path: path.join(" "),
    commands: subcommands.map(([name, sub]) => ({ name, summary: sub.summary })),
    flags: Object.entries(spec.flags ?? {}).map(([name, flag]) => ({
      names: [`--${name}`, ...(flag.short ? [`-${flag.short}`] : [])],
      description: flag.description,
      ...(flagValue(name, flag) ? { value: flagValue(name, flag) } : {}),
    })),
    positionals: (spec.positionals ?? []).map((p) => positionalValue(path, p, configKeys)),
    variadic: (spec.positionals ?? []).some((p) => p.variadic),
  };
  return [
    node,
    ...subcommands.flatMap(([name, sub]) => nodesOf(sub, [...path, name], configKeys)),
  ];
}

/** The global flags as completion flags (from the help table, the one list of them). */
export function globalCompletionFlags(): CompletionFlag[] {
  return globalFlagHelp.map(([spelling, description]) => ({
    names: spelling.split(", ").sort((a, b) => b.length - a.length),
    description,
  }));
}

/**
 * Loads every visible command's spec (in parallel) and builds the table.
 *
 * @example
 * ```ts
 * const table = await completionTable(ctx.commands ?? [], knownKeys(ConfigSchema));
 * table.nodes.find((n) => n.path === "events")?.commands.map((c) => c.name); // ["tail", ...]
 * ```
 */
export async function completionTable(
  entries: readonly CommandEntry[],
  configKeys: readonly string[],
  program = "super-agents",
): Promise<CompletionTable> {
  const visible = entries.filter((entry) => !entry.hidden);
  const specs = await Promise.all(visible.map(async (entry) => (await entry.load()).command));
  const root: CompletionNode = {
    path: "",
    commands: visible.map((entry) => ({ name: entry.name, summary: entry.summary })),
    flags: [],
    positionals: [],
    variadic: false,
  };
  return {
    program,
    nodes: [
      root,
      ...specs.flatMap((spec, index) => nodesOf(spec, [visible[index].name], configKeys)),
    ],
    globalFlags: globalCompletionFlags(),
  };
}

/** The value source of positional `index` of `node` (the last repeats when variadic). */
export function positionalAt(node: CompletionNode, index: number): ValueSource | undefined {
  if (index < node.positionals.length) return node.positionals[index];
  return node.variadic ? node.positionals.at(-1) : undefined;
}

/** A shell-safe function-name stem of the program (`super-agents` → `super_agents`). */
export function functionStem(program: string): string {
  return program.replace(/[^A-Za-z0-9_]/g, "_");
}

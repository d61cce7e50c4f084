/**
 * Help text for the program and for each command.
 * @module
 */

import type { CommandEntry, CommandSpec, FlagSpec } from "./command.ts";
import { placeholderOf } from "./flag_values.ts";
import { styles } from "./style.ts";

/** Global flags accepted by every command. */
export const globalFlagHelp: [string, string][] = [
  ["--json", "machine-readable output"],
  ["--debug", "verbose diagnostics and stack traces"],
  ["--no-color", "plain output (also NO_COLOR=1)"],
  ["-h, --help", "help for the program or a command"],
  ["-V, --version", "print the version"],
];

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

/** The top-level help: usage, every visible command, global flags. */
export function programHelp(entries: CommandEntry[], version: string, color: boolean): string {
  const s = styles(color);
  const visible = entries.filter((entry) => !entry.hidden);
  return [
    `${
      s.bold("super-agents")
    } ${version} — a team of Claude-powered engineering agents per project`,
    "",
    `${s.bold("Usage:")} super-agents <command> [options]`,
    "",
    s.bold("Commands:"),
    table(visible.map((entry) => [entry.name, entry.summary])),
    "",
    s.bold("Global options:"),
    table(globalFlagHelp),
    "",
    "Run `super-agents <command> --help` for a command's options and examples.",
    "",
  ].join("\n");
}

/**
 * A flag's value placeholder and the rest of its description: a leading
 * `<…>` of the description moves next to the flag, so it is shown once.
 *
 * @example
 * ```ts
 * splitPlaceholder({ type: "string", description: "<port> listen here" });
 * // { placeholder: "<port>", text: "listen here" }
 * ```
 */
export function splitPlaceholder(flag: FlagSpec): { placeholder?: string; text: string } {
  if (flag.type === "boolean") return { text: flag.description };
  const leading = /^(<[^>]*>)\s*(.*)$/s.exec(flag.description);
  if (leading) return { placeholder: leading[1], text: leading[2] };
  return { placeholder: placeholderOf(flag), text: flag.description };
}

/** Help for one command (`path` is e.g. `["events", "tail"]`). */
export function commandHelp(spec: CommandSpec, path: string[], color: boolean): string {
  const s = styles(color);
  const name = ["super-agents", ...path].join(" ");
  const positionals = (spec.positionals ?? []).map((p) => {
    const label = p.variadic ? `${p.name}...` : p.name;
    return p.required ? `<${label}>` : `[${label}]`;
  });
  const usage = spec.subcommands
    ? `${name} <subcommand> [options]`
    : [name, ...positionals, spec.flags ? "[options]" : ""].filter(Boolean).join(" ");
  const lines = [`${s.bold("Usage:")} ${usage}`, "", spec.summary];
  if (spec.description) lines.push("", spec.description);
  if (spec.subcommands) {
    lines.push("", s.bold("Subcommands:"));
    lines.push(table(Object.values(spec.subcommands).map((sub) => [sub.name, sub.summary])));
  }
  if (spec.positionals?.length) {
    lines.push("", s.bold("Arguments:"));
    lines.push(table(spec.positionals.map((p) => [p.name, p.description])));
  }
  const flags = Object.entries(spec.flags ?? {});
  if (flags.length) {
    lines.push("", s.bold("Options:"));
    lines.push(table(flags.map(([flag, f]) => {
      const short = f.short ? `-${f.short}, ` : "";
      const { placeholder, text } = splitPlaceholder(f);
      return [`${short}--${flag}${placeholder ? ` ${placeholder}` : ""}`, text];
    })));
  }
  if (spec.examples?.length) {
    lines.push("", s.bold("Examples:"));
    lines.push(spec.examples.map((example) => `  ${example}`).join("\n"));
  }
  lines.push("");
  return lines.join("\n");
}

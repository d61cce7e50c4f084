/**
 * Typed flag values, in one place: integers (with a range), durations,
 * enums, comma-separated lists and paths are checked and converted after
 * `parseArgs` and before a command's `run`, with one error style — the flag,
 * the value given and what is allowed, exit code 2.
 * @module
 */

import { UsageError } from "../errors.ts";
import type { CommandArgs, FlagSpec } from "./command.ts";

const DURATION_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Milliseconds for `30s`, `5m`, `2h`, `7d`, `250ms` or plain milliseconds,
 * or `undefined` when `text` is none of those.
 *
 * @example
 * ```ts
 * parseDuration("5m"); // 300000
 * parseDuration("1500"); // 1500
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) * DURATION_MS[match[2] ?? "ms"];
  return Number.isSafeInteger(Math.round(value)) ? Math.round(value) : undefined;
}

/** Whether a flag of this type takes a value (everything but booleans). */
export function takesValue(flag: FlagSpec): boolean {
  return flag.type !== "boolean";
}

/** Whether a flag needs converting after parsing (anything but string and boolean). */
export function isTyped(flag: FlagSpec): boolean {
  return flag.type !== "boolean" && flag.type !== "string";
}

/** `<n>`, `<duration>`, `<a|b>` …: the value placeholder shown in help. */
export function placeholderOf(flag: FlagSpec): string {
  if (flag.placeholder) return flag.placeholder;
  switch (flag.type) {
    case "integer":
      return "<n>";
    case "duration":
      return "<duration>";
    case "enum":
      return `<${(flag.values ?? []).join("|")}>`;
    case "list":
      return "<a,b>";
    case "path":
      return "<path>";
    default:
      return "<value>";
  }
}

function fail(name: string, raw: string, problem: string, allowed: string): UsageError {
  return new UsageError(
    `--${name}: "${raw}" ${problem} (${allowed})`,
    `\`--help\` lists the options of the command`,
  );
}

function integerOf(name: string, flag: FlagSpec, raw: string): number {
  const unit = flag.unit ? ` of ${flag.unit}` : "";
  const example = flag.example ?? String(flag.min ?? 1);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw fail(name, raw, `is not a whole number${unit}`, `use e.g. ${example}`);
  }
  const value = Number(raw);
  if (flag.min !== undefined && value < flag.min) {
    const allowed = flag.max === undefined
      ? `use ${flag.min} or more`
      : `use ${flag.min} to ${flag.max}`;
    throw fail(name, raw, "is too small", allowed);
  }
  if (flag.max !== undefined && value > flag.max) {
    const allowed = flag.min === undefined
      ? `use ${flag.max} or less`
      : `use ${flag.min} to ${flag.max}`;
    throw fail(name, raw, "is too large", allowed);
  }
  return value;
}

function durationOf(name: string, flag: FlagSpec, raw: string): number {
  const value = parseDuration(raw);
  if (value === undefined) {
    throw fail(name, raw, "is not a duration", "use e.g. 30s, 5m, 2h, 7d or milliseconds");
  }
  if (flag.min !== undefined && value < flag.min) {
    throw fail(name, raw, "is too short", `use at least ${flag.min} ms`);
  }
  if (flag.max !== undefined && value > flag.max) {
    throw fail(name, raw, "is too long", `use at most ${flag.max} ms`);
  }
  return value;
}

function enumOf(name: string, flag: FlagSpec, raw: string): string {
  const allowed = flag.values ?? [];
  if (!allowed.includes(raw)) throw fail(name, raw, "is not allowed", `use ${allowed.join(", ")}`);
  return raw;
}

function listOf(name: string, raw: string): string[] {
  const items = raw.split(",").map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw fail(name, raw, "is an empty list", "use e.g. a,b");
  return items;
}

function pathOf(name: string, raw: string, cwd: string): string {
  if (raw === "") throw fail(name, raw, "is not a path", "use a file or directory path");
  if (raw.startsWith("/") || /^[A-Za-z]:[\\/]/.test(raw)) return raw;
  return `${cwd.replace(/[\\/]+$/, "")}/${raw}`;
}

/**
 * The value of one typed flag, converted; throws a {@linkcode UsageError}
 * naming the flag, the value and what is allowed.
 *
 * @example
 * ```ts
 * convertFlag("older-than", { type: "integer", min: 0, unit: "days", description: "" }, "7", "/"); // 7
 * ```
 */
export function convertFlag(
  name: string,
  flag: FlagSpec,
  raw: string,
  cwd: string,
): number | string | string[] {
  switch (flag.type) {
    case "integer":
      return integerOf(name, flag, raw);
    case "duration":
      return durationOf(name, flag, raw);
    case "enum":
      return enumOf(name, flag, raw);
    case "list":
      return listOf(name, raw);
    case "path":
      return pathOf(name, raw, cwd);
    default:
      return raw;
  }
}

/**
 * Converts every typed flag of `values` in place (repeated flags item by
 * item) and returns `values`.
 *
 * @example
 * ```ts
 * convertFlags({ n: { type: "integer", description: "<n>" } }, { n: "3" }, "/"); // { n: 3 }
 * ```
 */
export function convertFlags(
  flags: Record<string, FlagSpec>,
  values: CommandArgs["values"],
  cwd: string,
): CommandArgs["values"] {
  for (const [name, flag] of Object.entries(flags)) {
    const raw = values[name];
    if (!isTyped(flag) || raw === undefined || typeof raw === "boolean") continue;
    if (typeof raw !== "string") {
      if (flag.type === "list") {
        values[name] = (raw as string[]).flatMap((item) => listOf(name, item));
      } else if (Array.isArray(raw)) {
        values[name] = raw.map((item) => String(convertFlag(name, flag, item, cwd)));
      }
      continue;
    }
    values[name] = convertFlag(name, flag, raw, cwd);
  }
  return values;
}

/**
 * `--n -5` becomes `--n=-5` for value flags, so `parseArgs` does not take a
 * negative number for an option ("argument is ambiguous") and the typed check
 * can say what is allowed instead.
 *
 * @example
 * ```ts
 * joinNegativeValues({ n: { type: "integer", description: "" } }, ["--n", "-5"]); // ["--n=-5"]
 * ```
 */
export function joinNegativeValues(flags: Record<string, FlagSpec>, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = valueFlagName(flags, token);
    if (name !== undefined && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}

function valueFlagName(flags: Record<string, FlagSpec>, token: string): string | undefined {
  if (token.startsWith("--")) {
    const name = token.slice(2);
    return Object.hasOwn(flags, name) && takesValue(flags[name]) ? name : undefined;
  }
  if (/^-[A-Za-z]$/.test(token)) {
    const found = Object.entries(flags).find(([, f]) => f.short === token[1] && takesValue(f));
    return found?.[0];
  }
  return undefined;
}

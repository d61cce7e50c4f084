/**
 * The Deno flags a process was started with: the arguments of its command
 * line that stand before the entry module (after it they are the program's
 * own). Read from `/proc/self/cmdline`, once, where there is one (Linux);
 * elsewhere they are unknown.
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The Deno flags of `argv` (a command line, program first) that runs
 * `mainModule`: the arguments before the one naming the entry module, or all
 * of them when none does (`deno test`: every argument is Deno's).
 *
 * @example
 * ```ts
 * denoFlagsIn(["deno", "run", "-A", "/sa/main.ts", "--json"], "file:///sa/main.ts", "/"); // ["run", "-A"]
 * ```
 */
export function denoFlagsIn(argv: string[], mainModule: string, cwd: string): string[] {
  const main = mainModule.startsWith("file:") ? fileURLToPath(mainModule) : mainModule;
  const names = (arg: string) =>
    arg === mainModule || arg === main || (!isAbsolute(arg) && resolve(cwd, arg) === main);
  const at = argv.findIndex((arg, i) => i > 0 && names(arg));
  return at < 0 ? argv.slice(1) : argv.slice(1, at);
}

let known: { flags: string[] | undefined } | undefined;

/**
 * This process's Deno flags, or `undefined` where its command line cannot
 * be read. Read once: a process's command line does not change.
 *
 * @example
 * ```ts
 * processDenoFlags()?.includes("--cached-only");
 * ```
 */
export function processDenoFlags(): string[] | undefined {
  known ??= { flags: readFlags() };
  return known.flags;
}

function readFlags(): string[] | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let raw: string;
  try {
    raw = Deno.readTextFileSync("/proc/self/cmdline");
  } catch {
    return undefined;
  }
  return denoFlagsIn(raw.split("\0").filter(Boolean), Deno.mainModule, Deno.cwd());
}

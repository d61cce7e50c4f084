/**
 * The `deno` executable that runs the CLI, as a tool `plugins add` uses to
 * read a plugin's module graph (`deno info`) and fetch a package (`deno
 * cache`), always without a config or lockfile of its own.
 * @module
 */

import { basename } from "node:path";

/** The `deno` executable that runs the CLI, if it is one (not a compiled binary). */
export function denoExecutable(): string | undefined {
  const path = Deno.execPath();
  return /^deno(?:\.exe)?$/.test(basename(path)) ? path : undefined;
}

/**
 * Runs `deno <args>` and resolves to its standard output; rejects with
 * `fail(why)`, `why` being its error output without Rust backtrace lines
 * (or why it could not run).
 *
 * @example
 * ```ts
 * const json = await runDeno(["info", "--json", "--no-config", "--no-lock", url], { fail });
 * ```
 */
export async function runDeno(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs: number; fail: (why: string) => Error },
): Promise<string> {
  const deno = denoExecutable();
  if (!deno) throw options.fail("this needs the `deno` executable (a `deno run` install)");
  const output = await new Deno.Command(deno, {
    args,
    env: { NO_COLOR: "1", ...options.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(options.timeoutMs),
  }).output();
  if (output.success) return new TextDecoder().decode(output.stdout);
  throw options.fail(
    new TextDecoder().decode(output.stderr).trim().split("\n")
      .filter((line) => !/^\s*(Stack backtrace|\d+: )/.test(line)).join("\n").slice(0, 600),
  );
}

/**
 * Whether third-party code may run in this process. A worker's `import`
 * grant stops a fetch from any host it does not name, but Deno resolves an
 * `npm:` specifier outside every permission: a plugin with no permissions at
 * all could `import("npm:<anything>")` and Deno would fetch that package
 * from the registry (a way out for data, and code nobody reviewed). Only
 * `--cached-only` stops it, for the whole process. So the CLI is launched
 * with it (the installed launcher, `selfLaunch`, the scripts, the tests),
 * with every module it needs cached beforehand, and no third-party worker
 * starts in a process that runs without it. On Linux the flag is read from
 * `/proc/self/cmdline`; where that cannot be read the launcher is trusted.
 * @module
 */

import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SuperAgentsError } from "../../errors.ts";

/** The Deno flag that keeps every import to what is already cached. */
export const CACHED_ONLY = "--cached-only";

/**
 * Whether `argv` (a Deno command line, program first) runs `mainModule`
 * with `--cached-only`: the flag stands before the entry module (after it,
 * it is the program's own argument). `undefined` when no argument names the
 * entry module (`deno test`: every argument is Deno's).
 *
 * @example
 * ```ts
 * cachedOnlyIn(["deno", "run", "-A", "--cached-only", "/sa/main.ts"], "file:///sa/main.ts", "/"); // true
 * cachedOnlyIn(["deno", "run", "-A", "/sa/main.ts", "--cached-only"], "file:///sa/main.ts", "/"); // false
 * ```
 */
export function cachedOnlyIn(argv: string[], mainModule: string, cwd: string): boolean {
  const main = mainModule.startsWith("file:") ? fileURLToPath(mainModule) : mainModule;
  const names = (arg: string) =>
    arg === mainModule || arg === main || (!isAbsolute(arg) && resolve(cwd, arg) === main);
  const at = argv.findIndex((arg, i) => i > 0 && names(arg));
  const flags = at < 0 ? argv.slice(1) : argv.slice(1, at);
  return flags.includes(CACHED_ONLY);
}

let known: { value: boolean | undefined } | undefined;

/**
 * `true`/`false` when this process's command line could be read, else
 * `undefined`. Read once: a process's command line does not change, and a
 * worker asks for each job.
 */
export function runsCachedOnly(): boolean | undefined {
  known ??= { value: readCachedOnly() };
  return known.value;
}

function readCachedOnly(): boolean | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let raw: string;
  try {
    raw = Deno.readTextFileSync("/proc/self/cmdline");
  } catch {
    return undefined;
  }
  return cachedOnlyIn(raw.split("\0").filter(Boolean), Deno.mainModule, Deno.cwd());
}

/**
 * Throws unless third-party code may run here (see the module doc); `what`
 * names the code in the error.
 *
 * @example
 * ```ts
 * assertImportsContained('the executor probe of plugin "probe"');
 * ```
 */
export function assertImportsContained(what: string): void {
  if (runsCachedOnly() !== false) return;
  throw new SuperAgentsError(
    "PLUGIN_UNCONTAINED",
    `${what} was not started: this super-agents runs without ${CACHED_ONLY}, where a ` +
      "plugin could make Deno fetch any npm package outside the permissions you accepted",
    {
      hint: "run it through the installed `super-agents` command, or run `deno run` with " +
        `${CACHED_ONLY} after caching its modules (\`deno run -A scripts/cache_modules.ts\`)`,
      details: { retryable: false },
    },
  );
}

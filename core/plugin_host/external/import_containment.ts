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

import { SuperAgentsError } from "../../errors.ts";
import { denoFlagsIn, processDenoFlags } from "../../process_flags.ts";

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
  return denoFlagsIn(argv, mainModule, cwd).includes(CACHED_ONLY);
}

/**
 * `true`/`false` when this process's command line could be read, else
 * `undefined`.
 */
export function runsCachedOnly(): boolean | undefined {
  return processDenoFlags()?.includes(CACHED_ONLY);
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

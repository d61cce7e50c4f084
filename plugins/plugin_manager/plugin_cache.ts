/**
 * Puts an `npm:` plugin into Deno's cache at `plugins add` (a `jsr:` one
 * is copied like a URL plugin: `jsr_package.ts`). The CLI runs with `--cached-only`, so no plugin can make Deno fetch
 * an npm package outside its permissions; a plugin's workers then import
 * only what is cached, and a package version never changes, so what was
 * cached is what was reviewed. (A URL plugin is copied instead:
 * `url_copy.ts`; a local one is read where it is.)
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { PluginSource } from "../../core/plugin_host/external/plugin_source.ts";
import { denoExecutable } from "./url_copy.ts";

const CACHE_TIMEOUT_MS = 120_000;

/**
 * Caches the registry package `source` names (nothing for other kinds, or
 * where no `deno` executable runs the CLI).
 *
 * @example
 * ```ts
 * await cacheRegistryPackage({ kind: "npm", entry: "npm:acme-lint", origin: "registry.npmjs.org", base: "npm:acme-lint/" });
 * ```
 */
export async function cacheRegistryPackage(source: PluginSource): Promise<void> {
  if (source.kind !== "jsr" && source.kind !== "npm") return;
  const deno = denoExecutable();
  if (!deno) return;
  const output = await new Deno.Command(deno, {
    args: ["cache", "--quiet", "--no-config", "--no-lock", source.entry],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(CACHE_TIMEOUT_MS),
  }).output();
  if (output.success) return;
  const why = new TextDecoder().decode(output.stderr).trim().split("\n")
    .filter((line) => !/^\s*(Stack backtrace|\d+: )/.test(line)).join("\n").slice(0, 600);
  throw new SuperAgentsError(
    "PLUGIN_BROKEN",
    `the package ${source.entry} could not be fetched into Deno's cache: ${why}`,
    { hint: "check the specifier and the network" },
  );
}

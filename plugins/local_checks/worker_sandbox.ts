/**
 * Whether this process may start Workers with their own Deno permissions.
 * That needs the `worker-options` unstable feature; without it, creating
 * such a Worker ends the whole process (exit 70) instead of throwing, so it
 * must be known beforehand. It is on in a compiled binary (the compile task
 * passes the flag), when the `deno.json` Deno discovered for the main module
 * lists it, or when the command line carries the flag.
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { processDenoFlags } from "../../core/process_flags.ts";

let cached: boolean | undefined;

/**
 * True when permission-restricted Workers can be created.
 *
 * @example
 * ```ts
 * const mode = workerPermissionsAvailable() ? "workers" : "inline";
 * ```
 */
export function workerPermissionsAvailable(): boolean {
  cached ??= Deno.build.standalone || flagOnCommandLine() || flagInConfig();
  return cached;
}

function flagOnCommandLine(): boolean {
  // No /proc (macOS, Windows): rely on the config file.
  const flags = processDenoFlags() ?? [];
  return flags.includes("--unstable-worker-options") || flags.includes("--unstable");
}

function flagInConfig(): boolean {
  if (!Deno.mainModule.startsWith("file:")) return false;
  let dir = dirname(fileURLToPath(Deno.mainModule));
  while (true) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      let text: string;
      try {
        text = Deno.readTextFileSync(join(dir, name));
      } catch {
        continue; // no config file here: keep walking up as Deno does
      }
      return /"unstable"\s*:\s*\[[^\]]*"worker-options"/.test(text);
    }
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

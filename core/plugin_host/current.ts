/**
 * The program's plugin host, installed once by the composition root
 * (`main.ts`, or a test) and read by the kernel's consumers of plugin
 * contributions (the queue's backend lookup, the KM's mounts, `doctor`, the
 * pool's executor table). One explicit slot instead of registries that
 * plugins fill by side-effect imports: nothing registers itself.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { PluginHost } from "./host.ts";

let installed: PluginHost | undefined;

/**
 * Makes `host` the program's plugin host (the last call wins).
 *
 * @example
 * ```ts
 * installPluginHost(new PluginHost(builtinPlugins));
 * ```
 */
export function installPluginHost(host: PluginHost): void {
  installed = host;
}

/** The installed plugin host, or a clear error when none was installed. */
export function pluginHost(): PluginHost {
  if (!installed) {
    throw new SuperAgentsError(
      "PLUGIN_HOST_MISSING",
      "no plugin host is installed in this process",
      { hint: "call installPluginHost() in the composition root (main.ts) or the test" },
    );
  }
  return installed;
}

/** The installed plugin host, if any (for consumers that work without plugins). */
export function maybePluginHost(): PluginHost | undefined {
  return installed;
}

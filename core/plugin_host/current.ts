/**
 * The program's plugin host, installed once by the composition root
 * (`main.ts`, or a test) — built, or built on first use through a loader —
 * and read by the kernel's consumers of plugin
 * contributions (the queue's backend lookup, the KM's mounts, `doctor`, the
 * pool's executor table). One explicit slot instead of registries that
 * plugins fill by side-effect imports: nothing registers itself.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { PluginHost } from "./host.ts";

let installed: PluginHost | undefined;
let loader: (() => Promise<PluginHost>) | undefined;
let loading: Promise<PluginHost> | undefined;

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

/**
 * Lets the host be built on first use: the composition root gives the
 * loader (importing the built-in manifests and reading the project's
 * third-party plugins), and a command that needs no plugin — `status` —
 * never pays for it.
 *
 * @example
 * ```ts
 * installPluginHostLoader(async () => (await import("./plugins/builtin.ts")).installBuiltinPlugins());
 * ```
 */
export function installPluginHostLoader(load: () => Promise<PluginHost>): void {
  loader = load;
  loading = undefined;
}

/** The host, built by the installed loader if it is not built yet (once). */
export function loadPluginHost(): Promise<PluginHost> {
  if (installed) return Promise.resolve(installed);
  if (!loader) return Promise.resolve(pluginHost()); // throws the clear "missing" error
  loading ??= loader().then((host) => installed = host);
  return loading;
}

/**
 * Builds the plugin host again with the installed loader and installs it:
 * a long-running process (the worker) calls it when the plugins files
 * changed, so a plugin added or removed since it started is seen. Without a
 * loader the installed host stays.
 *
 * @example
 * ```ts
 * if (pluginsChanged()) await reloadPluginHost();
 * ```
 */
export async function reloadPluginHost(): Promise<PluginHost> {
  if (!loader) return await loadPluginHost();
  const next = await loader();
  installed = next;
  loading = Promise.resolve(next);
  return next;
}

/** The host if one is installed or can be loaded, else undefined. */
export function maybeLoadPluginHost(): Promise<PluginHost | undefined> {
  return installed || loader ? loadPluginHost() : Promise.resolve(undefined);
}

/**
 * What the runtime takes from the plugins: model providers (`providers` in
 * their manifests; the module exports `createProvider(config)`) and agent
 * definition files (`agents`; the module exports `agentFiles`), read from
 * the installed plugin host, so the runtime imports no plugin.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import { SuperAgentsError } from "../core/errors.ts";
import type { ProviderPlugin } from "../core/plugin.ts";
import { loadPluginHost } from "../core/plugin_host/current.ts";
import type { PluginAgentFile } from "./catalog.ts";

/** The module a `providers` contribution names. */
export interface ProviderModule {
  createProvider(config: Config): ProviderPlugin;
}

/** The module an `agents` contribution names. */
export interface AgentFilesModule {
  /** File name → Markdown with frontmatter. */
  agentFiles: Record<string, string>;
}

/**
 * The provider named `name`, created for `config`; an unknown name is an
 * error that lists the providers there are.
 *
 * @example
 * ```ts
 * const provider = await loadProvider("anthropic", config);
 * provider.requiresEnv?.name; // "ANTHROPIC_API_KEY"
 * ```
 */
export async function loadProvider(name: string, config: Config): Promise<ProviderPlugin> {
  const contributed = (await loadPluginHost()).provider(name);
  const { createProvider } = await contributed.load<ProviderModule>();
  const provider = createProvider(config);
  if (provider.name !== name) {
    throw new SuperAgentsError(
      "PROVIDER_NOT_FOUND",
      `plugin ${contributed.plugin} declares provider ${name} but created ${provider.name}`,
      { hint: `this is a bug in the ${contributed.plugin} plugin; report it` },
    );
  }
  return provider;
}

/**
 * The agent files of every plugin that contributes some, in plugin order.
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog({ pluginAgents: await collectPluginAgents() });
 * ```
 */
export async function collectPluginAgents(): Promise<PluginAgentFile[]> {
  const modules = await Promise.all(
    (await loadPluginHost()).agentFiles().map(async (entry) => ({
      plugin: entry.plugin,
      files: (await entry.load<AgentFilesModule>()).agentFiles,
    })),
  );
  return modules.flatMap(({ plugin, files }) =>
    Object.entries(files).map(([fileName, markdown]) => ({ plugin, fileName, markdown }))
  );
}

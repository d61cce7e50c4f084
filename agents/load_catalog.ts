/**
 * The catalog as commands see it: the configuration of the project around
 * the working directory (if any), and the agents — the shipped team, those
 * of every plugin that contributes some, and the project's `.claude/agents/`
 * — with the project's trust store (`~/.super-agents/trust/`), so the
 * catalog can say which of them may run.
 * @module
 */

import { loadConfig } from "../core/config/load.ts";
import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import { findProjectRoot, type ProjectPaths, projectPaths } from "../core/paths.ts";
import { collectPluginAgents } from "./plugin_contributions.ts";
import { type Catalog, loadCatalog } from "./catalog.ts";
import { trustStoreLocation } from "./trust/trust_store.ts";

/** The catalog, the configuration and the project they were loaded for. */
export interface AgentEnvironment {
  catalog: Catalog;
  config: Config;
  /** Absent outside a project. */
  paths?: ProjectPaths;
}

/**
 * Loads configuration and catalog for the context's working directory.
 *
 * @example
 * ```ts
 * const { catalog, config } = await loadAgentEnvironment(ctx);
 * catalog.get("developer").model; // "sonnet"
 * ```
 */
export async function loadAgentEnvironment(
  ctx: Context,
  flags: Record<string, unknown> = {},
): Promise<AgentEnvironment> {
  const root = findProjectRoot(ctx.cwd, ctx.home);
  const paths = root === undefined ? undefined : projectPaths(root);
  const { config } = await loadConfig(ctx, { projectConfigPath: paths?.config, flags });
  const catalog = await loadCatalog({
    projectAgentsDir: paths?.agents,
    pluginAgents: await collectPluginAgents(),
    ...(paths ? { trustStore: await trustStoreLocation(ctx.dataHome, paths.root) } : {}),
    notice: (line) => ctx.stderr.write(line + "\n"),
  });
  return { catalog, config, paths };
}

/**
 * The host record of an active third-party plugin. Its commands load
 * through {@linkcode PluginCommandTarget}s: each runs in a worker whose
 * permissions are the plugin's granted ones at the place the CLI runs
 * (worked out when the command loads, not at start-up). A URL plugin runs
 * from the copy made when it was added (`codeSource`), like a folder.
 * Its agent files are read in the no-permission worker when the catalog
 * needs them (`read_agent_files.ts`; a failure is a warning, and its agents
 * are left out); each of its executors is a provider of the same name
 * (`external_provider.ts`), whose jobs run in the pool inside the plugin's
 * permissions. Its other contributions (providers, queue backends, KM
 * mounts, doctor checks, configuration) are left out of the record, since
 * those would run in the CLI's own process.
 * @module
 */

import type { CommandEntry } from "../../cli/command.ts";
import { SuperAgentsError } from "../../errors.ts";
import type { PluginRecord } from "../host.ts";
import type { ModuleRef } from "../manifest.ts";
import type { PluginState } from "./check_plugin.ts";
import { type ManifestData, UNSUPPORTED_CONTRIBUTIONS } from "./manifest_data.ts";
import { importModule } from "../../lazy_import.ts";
import type { PluginProblem } from "../host.ts";
import type { PluginCommandTarget } from "./plugin_command.ts";
import { codeSource } from "./plugins_file.ts";
import type { PluginPlace } from "./worker_permissions.ts";

// Loaded when a contribution of a plugin is used, not at start-up.
const commandModules = () =>
  Promise.all([
    importModule<typeof import("./plugin_command.ts")>(
      new URL("./plugin_command.ts", import.meta.url),
    ),
    importModule<typeof import("./worker_permissions.ts")>(
      new URL("./worker_permissions.ts", import.meta.url),
    ),
  ]);
const agentFilesModule = () =>
  importModule<typeof import("./read_agent_files.ts")>(
    new URL("./read_agent_files.ts", import.meta.url),
  );
const providerModule = () =>
  importModule<typeof import("./external_provider.ts")>(
    new URL("./external_provider.ts", import.meta.url),
  );

/** The module reference of the provider a third-party executor is (resolved by the record). */
const EXECUTOR_PROVIDER = "super-agents:third-party-executor/";

/** Writes a problem found after start-up (a plugin's agent files) as a warning on stderr. */
function warn(problem: PluginProblem): void {
  const text = `warning: ${problem.message}\nhint: ${problem.hint}\n`;
  Deno.stderr.writeSync(new TextEncoder().encode(text));
}

type Active = Extract<PluginState, { state: "active" }>;

/** The manifest as the host sees it: what runs sandboxed, each executor also a provider. */
function sandboxedOnly(manifest: ManifestData): ManifestData {
  const kept: Record<string, unknown> = { ...manifest };
  for (const key of UNSUPPORTED_CONTRIBUTIONS) delete kept[key];
  const executors = manifest.executors ?? [];
  if (executors.length > 0) {
    kept.providers = executors.map((e) => ({
      name: e.name,
      summary: `runs the agents of the plugin ${manifest.name}`,
      module: `${EXECUTOR_PROVIDER}${e.name}`,
    }));
  }
  return kept as unknown as ManifestData;
}

/**
 * The record of `state` (active) for a host, run at `place`.
 *
 * @example
 * ```ts
 * const record = externalRecord(verdict, { root, dataHome });
 * new PluginHost([...builtinPlugins, record]).commands(); // includes the plugin's commands
 * ```
 */
export function externalRecord(
  state: Active,
  place: PluginPlace,
  report: (problem: PluginProblem) => void = warn,
): PluginRecord {
  const { entry } = state;
  const code = codeSource(entry);
  const executors = (state.manifest.executors ?? []).map((e) => e.name);
  const agentFiles = async (module: string) => {
    const { readAgentFiles } = await agentFilesModule();
    try {
      return { agentFiles: await readAgentFiles(code, entry.name, module, executors) };
    } catch (error) {
      const hint = error instanceof SuperAgentsError && error.hint ? `${error.hint}; ` : "";
      report({
        plugin: entry.name,
        message: `plugin "${entry.name}": its agent files could not be read (${
          (error as Error).message
        }); its agents were skipped`,
        hint: `${hint}or remove it: \`super-agents plugins remove ${entry.name}\``,
      });
      return { agentFiles: {} };
    }
  };
  const provider = async (name: string) => {
    const contribution = state.manifest.executors?.find((e) => e.name === name);
    const { externalProvider } = await providerModule();
    const target = {
      plugin: entry.name,
      specifier: entry.specifier,
      executor: name,
      module: contribution!.module!,
      digests: entry.modules,
      source: code,
      granted: state.granted,
      place,
    };
    return { createProvider: () => externalProvider(target) };
  };
  const command = (name: string): CommandEntry["load"] => async () => {
    const contribution = state.manifest.commands?.find((c) => c.name === name);
    if (!contribution) {
      throw new SuperAgentsError(
        "PLUGIN_COMMAND_GONE",
        `plugin "${entry.name}" no longer has the command ${name}`,
        { hint: `run \`super-agents plugins add ${entry.specifier}\` to refresh it` },
      );
    }
    const [{ describePluginCommand, proxiedSpec }, { commandPermissions, readListings }] =
      await commandModules();
    const target: PluginCommandTarget = {
      plugin: entry.name,
      specifier: entry.specifier,
      command: name,
      module: contribution.module,
      permissions: commandPermissions(code, state.granted, place),
      listings: readListings(state.granted, place),
    };
    return { command: proxiedSpec(target, await describePluginCommand(target)) };
  };
  return {
    manifest: sandboxedOnly(state.manifest),
    base: code.entry,
    external: {
      specifier: entry.specifier,
      load<T>(ref: ModuleRef): Promise<T> {
        const url = String(ref);
        if (url.startsWith(EXECUTOR_PROVIDER)) {
          return provider(url.slice(EXECUTOR_PROVIDER.length)) as Promise<T>;
        }
        if (state.manifest.agents?.some((a) => a.module === url)) {
          return agentFiles(url) as Promise<T>;
        }
        return Promise.reject(
          new SuperAgentsError(
            "PLUGIN_CONTRIBUTION_UNSUPPORTED",
            `plugin "${entry.name}" cannot load ${url}: third-party plugins contribute ` +
              "commands, agent files and executors only",
            { hint: "use the plugin's commands and agents; other contributions are not run" },
          ),
        );
      },
      command: (name) => command(name),
    },
  };
}

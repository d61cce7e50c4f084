/**
 * The host record of an active third-party plugin. Its commands load
 * through {@linkcode PluginCommandTarget}s: each runs in a worker whose
 * permissions are the plugin's granted ones at the place the CLI runs
 * (worked out when the command loads, not at start-up). A URL plugin is
 * checked against its URL (digest, and the manifest again if it changed)
 * right before its command loads, so start-up never waits on the network.
 * Third-party plugins contribute commands only: their other contributions
 * (agents, executors, providers, queue backends, KM mounts, doctor checks,
 * configuration) are left out of the record, since those run in the CLI's
 * own process or in job workers that are not bounded by the plugin's
 * permissions.
 * @module
 */

import type { CommandEntry } from "../../cli/command.ts";
import { SuperAgentsError } from "../../errors.ts";
import type { PluginRecord } from "../host.ts";
import type { ModuleRef } from "../manifest.ts";
import { type PluginState, problemOf } from "./check_plugin.ts";
import { type ManifestData, UNSUPPORTED_CONTRIBUTIONS } from "./manifest_data.ts";
import { importModule } from "../../lazy_import.ts";
import type { PluginCommandTarget } from "./plugin_command.ts";
import type { PluginScope } from "./plugins_file.ts";
import type { PluginPlace } from "./worker_permissions.ts";

// Loaded when a command of a plugin loads, not at start-up.
const commandModules = () =>
  Promise.all([
    importModule<typeof import("./plugin_command.ts")>(
      new URL("./plugin_command.ts", import.meta.url),
    ),
    importModule<typeof import("./worker_permissions.ts")>(
      new URL("./worker_permissions.ts", import.meta.url),
    ),
  ]);

type Active = Extract<PluginState, { state: "active" }>;

/** How a record re-checks its plugin right before use (URL plugins). */
export type RecheckAtUse = (state: Active) => Promise<PluginState>;

function commandsOnly(manifest: ManifestData): ManifestData {
  const kept: Record<string, unknown> = { ...manifest };
  for (const key of UNSUPPORTED_CONTRIBUTIONS) delete kept[key];
  return kept as unknown as ManifestData;
}

function stateError(state: PluginState, scope: PluginScope): SuperAgentsError {
  const problem = problemOf(state, scope)!;
  const code = state.state === "broken" ? "PLUGIN_BROKEN" : "PLUGIN_NEEDS_ACCEPTANCE";
  return new SuperAgentsError(code, problem.message.replace(/; skipped$/, ""), {
    hint: problem.hint,
  });
}

/**
 * The record of `state` (active) for a host, run at `place`.
 *
 * @example
 * ```ts
 * const record = externalRecord(verdict, "project", { root, dataHome });
 * new PluginHost([...builtinPlugins, record]).commands(); // includes the plugin's commands
 * ```
 */
export function externalRecord(
  state: Active,
  scope: PluginScope,
  place: PluginPlace,
  recheck?: RecheckAtUse,
): PluginRecord {
  const { entry } = state;
  const command = (name: string): CommandEntry["load"] => async () => {
    let current: PluginState = state;
    if (recheck) current = await recheck(state);
    if (current.state !== "active") throw stateError(current, scope);
    const contribution = current.manifest.commands?.find((c) => c.name === name);
    if (!contribution) {
      throw new SuperAgentsError(
        "PLUGIN_COMMAND_GONE",
        `plugin "${entry.name}" no longer has the command ${name}`,
        { hint: `run \`super-agents plugins add ${entry.specifier}\` to refresh it` },
      );
    }
    const [{ describePluginCommand, proxiedSpec }, { commandPermissions }] = await commandModules();
    const target: PluginCommandTarget = {
      plugin: entry.name,
      specifier: entry.specifier,
      command: name,
      module: contribution.module,
      permissions: commandPermissions(entry.source, current.granted, place),
    };
    return { command: proxiedSpec(target, await describePluginCommand(target)) };
  };
  return {
    manifest: commandsOnly(state.manifest),
    base: entry.source.entry,
    external: {
      specifier: entry.specifier,
      load<T>(ref: ModuleRef): Promise<T> {
        return Promise.reject(
          new SuperAgentsError(
            "PLUGIN_CONTRIBUTION_UNSUPPORTED",
            `plugin "${entry.name}" cannot load ${String(ref)}: third-party plugins contribute ` +
              "commands only",
            { hint: "use the plugin's commands; other contributions are not run" },
          ),
        );
      },
      command: (name) => command(name),
    },
  };
}

/**
 * The light commands (`status`, `version`): those a built-in manifest marks
 * `light`, which `main.ts` runs without building the plugin host. Importing
 * every manifest would cost start-up time, so this module imports only the
 * manifests that have light commands; `tests/plugins/light_commands_test.ts`
 * fails when a manifest's light commands and this list drift apart. The
 * entries are read from the manifests themselves: name, summary and module
 * are written once.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";
import { lazyCommand } from "../core/cli/lazy_command.ts";
import { moduleUrl, type PluginManifest } from "../core/plugin_host/manifest.ts";
import coreCommands from "./core_commands/mod.ts";
import km from "./km/mod.ts";

/** The built-in manifests that declare light commands, in `plugins/builtin.ts` order. */
export const lightManifests: readonly PluginManifest[] = [km, coreCommands];

/** The light commands' table entries, in help order. */
export const lightCommands: CommandEntry[] = lightManifests.flatMap((manifest) =>
  (manifest.commands ?? []).filter((c) => c.light).map((c) => ({
    name: c.name,
    summary: c.summary,
    load: lazyCommand(moduleUrl(c.module)),
    light: true,
  }))
);

/**
 * Test support for third-party plugins: a temp folder holding a plugin's
 * files (a manifest and command modules written as plain JavaScript-ish
 * TypeScript, no SDK needed), a temp project and data home, and a sealed
 * plugins-file entry for it as `plugins add` would record it.
 * @module
 */

import { join } from "node:path";
import { ensureSealKey, sealOf } from "../../../../core/plugin_host/external/acceptance_seal.ts";
import { pluginDigest } from "../../../../core/plugin_host/external/integrity.ts";
import { readManifest } from "../../../../core/plugin_host/external/read_manifest.ts";
import {
  type PluginSource,
  resolvePluginSource,
} from "../../../../core/plugin_host/external/plugin_source.ts";
import type { PluginEntry } from "../../../../core/plugin_host/external/plugins_file.ts";

/** A temp world: a plugin folder, a project and a data home under one base. */
export interface PluginWorld {
  base: string;
  plugin: string;
  project: string;
  dataHome: string;
  cleanup(): Promise<void>;
}

/** Creates the temp world (the project has `.claude/` and `.git/hooks/`). */
export async function pluginWorld(): Promise<PluginWorld> {
  const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-plugin-" }));
  const world = {
    base,
    plugin: join(base, "plugin"),
    project: join(base, "project"),
    dataHome: join(base, "home", ".super-agents"),
    cleanup: () => Deno.remove(base, { recursive: true }),
  };
  await Deno.mkdir(world.plugin, { recursive: true });
  await Deno.mkdir(join(world.project, ".claude"), { recursive: true });
  await Deno.mkdir(join(world.project, ".git", "hooks"), { recursive: true });
  await Deno.mkdir(join(world.project, "src"), { recursive: true });
  await Deno.mkdir(world.dataHome, { recursive: true });
  return world;
}

/** A manifest module with one command `name` in `./command.ts`. */
export function manifestModule(name: string, permissions: unknown = {}, extra = ""): string {
  return `${extra}
export default {
  name: ${JSON.stringify(name)},
  version: "1.0.0",
  kind: "integration",
  summary: "a test plugin",
  permissions: ${JSON.stringify(permissions)},
  commands: [{ name: ${JSON.stringify(name)}, summary: "a test command",
    module: new URL("./command.ts", import.meta.url) }],
};
`;
}

/** A command module whose `run` body is `body` (it gets `ctx` and `args`). */
export function commandModule(body: string, spec = ""): string {
  return `export const command = {
  name: "cmd",
  summary: "a test command",
  positionals: [{ name: "arg", description: "an argument", variadic: true }],
  ${spec}
  async run(ctx, args) {
${body}
  },
};
`;
}

/** Writes `files` (relative path → text) into `dir`. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
}

/** The entry `plugins add --yes` would record for the plugin at `world.plugin`. */
export async function acceptedEntry(
  world: PluginWorld,
  source?: PluginSource,
): Promise<PluginEntry> {
  const resolved = source ?? await resolvePluginSource(world.plugin, world.base);
  const manifest = await readManifest(resolved, "the test plugin");
  const accepted = {
    name: manifest.name,
    version: manifest.version,
    specifier: resolved.kind === "folder" || resolved.kind === "file"
      ? resolved.root
      : resolved.entry,
    source: resolved,
    integrity: await pluginDigest(resolved),
    accepted: manifest.permissions ?? {},
    manifest,
    addedAt: new Date(0).toISOString(),
  };
  return { ...accepted, seal: await sealOf(await ensureSealKey(world.dataHome), accepted) };
}

/** Writes a plugins file holding `entries`. */
export async function writePluginsFile(path: string, entries: unknown[]): Promise<void> {
  await Deno.writeTextFile(path, JSON.stringify({ version: 1, plugins: entries }, null, 2));
}

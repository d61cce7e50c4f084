/**
 * `super-agents plugins add <specifier> [--global] [--yes]`: reads the
 * plugin's manifest in a worker with no permissions but what importing it
 * needs (never in this process), checks it (names, version, types, module
 * references inside the plugin, no built-in command or plugin name taken,
 * no command another added plugin has), shows the permissions it asks for
 * and asks; then records it — version, source, integrity digest, the
 * accepted permissions and the manifest, sealed with the user's key — in
 * the project's or the user's plugins file, atomically under its lock.
 * The digest is taken before and after the manifest is read: a plugin
 * that changes meanwhile is refused, and a folder with a symbolic link is
 * refused before any of its code is imported.
 * @module
 */

import { booleanFlag, type CommandArgs, type CommandSpec } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { ensureSealKey, sealOf } from "../../core/plugin_host/external/acceptance_seal.ts";
import { pluginDigest } from "../../core/plugin_host/external/integrity.ts";
import { type JsrPackage, resolveJsrPackage, verifyCopy } from "./jsr_package.ts";
import { copyDigests, copyNpmPackage, fetchNpmPackage } from "./npm_package.ts";
import {
  clearPending,
  markPending,
  pruneRetired,
  retireCopy,
  sealedCopyOf,
} from "./retired_copies.ts";
import { copyModules, newCopy, newCopyFolder, originalUrl, removeCopy } from "./url_copy.ts";
import type { ManifestData } from "../../core/plugin_host/external/manifest_data.ts";
import {
  type PluginSource,
  resolvePluginSource,
  sourceSpecifier,
} from "../../core/plugin_host/external/plugin_source.ts";
import {
  codeSource,
  entryNameOf,
  type PluginCode,
  type PluginEntry,
  readPluginsFile,
  updatePluginsFile,
} from "../../core/plugin_host/external/plugins_file.ts";
import { readManifest } from "../../core/plugin_host/external/read_manifest.ts";
import {
  checkAgentFile,
  readAgentFiles,
} from "../../core/plugin_host/external/read_agent_files.ts";
import { builtinNames } from "./builtin_names.ts";
import { confirmPlugin, reviewText } from "./permission_prompt.ts";
import { applicableFiles, chosenFile } from "./scope.ts";

function refused(message: string, hint: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_REFUSED", message, { hint, exitCode: 2 });
}

/** Refuses names that are taken by the program or by another added plugin. */
async function checkNames(ctx: Context, manifest: ManifestData, scope: string): Promise<void> {
  const builtin = builtinNames(ctx);
  if (builtin.plugins.has(manifest.name)) {
    throw refused(
      `a built-in plugin is named ${manifest.name}`,
      "the plugin must take another name (its manifest's `name`)",
    );
  }
  const taken = (manifest.executors ?? []).find((e) => builtin.providers.has(e.name));
  if (taken) {
    throw refused(
      `the plugin's executor ${taken.name} would shadow the built-in provider ${taken.name}`,
      "the plugin must rename that executor (its manifest's `executors[].name`)",
    );
  }
  const commands = (manifest.commands ?? []).map((c) => c.name);
  const shadowing = commands.find((name) => builtin.commands.has(name));
  if (shadowing) {
    throw refused(
      `the plugin's command ${shadowing} would shadow the built-in command ${shadowing}`,
      "the plugin must rename that command (its manifest's `commands[].name`)",
    );
  }
  for (const file of applicableFiles(ctx)) {
    const { entries } = await readPluginsFile(file.path, file.scope);
    if (file.scope !== scope && entries.some((e) => e.name === manifest.name)) {
      throw refused(
        `${manifest.name} is already added ${file.scope === "global" ? "for the user" : "here"}`,
        `remove it there first: \`super-agents plugins remove ${manifest.name}${
          file.scope === "global" ? " --global" : ""
        }\``,
      );
    }
    const executors = (manifest.executors ?? []).map((e) => e.name);
    for (const other of entries.filter((e) => e.name !== manifest.name)) {
      const taken = (other.manifest.executors ?? []).find((e) => executors.includes(e.name));
      if (taken) {
        throw refused(
          `the executor ${taken.name} is already added by the plugin ${other.name} (${file.scope})`,
          `remove that plugin first: \`super-agents plugins remove ${other.name}${
            file.scope === "global" ? " --global" : ""
          }\``,
        );
      }
      const clash = (other.manifest.commands ?? []).find((c) => commands.includes(c.name));
      if (clash) {
        throw refused(
          `the command ${clash.name} is already added by the plugin ${other.name} (${file.scope})`,
          `remove that plugin first: \`super-agents plugins remove ${other.name}${
            file.scope === "global" ? " --global" : ""
          }\``,
        );
      }
    }
  }
}

/** The plugin's agents (name and executor), read and checked like the catalog will. */
async function agentsOf(
  source: Parameters<typeof readAgentFiles>[0],
  manifest: ManifestData,
): Promise<{ name: string; provider: string }[]> {
  const executors = (manifest.executors ?? []).map((e) => e.name);
  const found: { name: string; provider: string }[] = [];
  for (const { module } of manifest.agents ?? []) {
    const files = await readAgentFiles(source, manifest.name, String(module), executors);
    for (const [fileName, markdown] of Object.entries(files)) {
      found.push(checkAgentFile(manifest.name, fileName, markdown, executors));
    }
  }
  return found;
}

async function previousOf(path: string, scope: "project" | "global", name: string) {
  const { entries } = await readPluginsFile(path, scope);
  return entries.find((e) => e.name === name)?.accepted;
}

/**
 * Reads the plugin at `source` as the review shows it: a local one where it
 * is, a URL, `jsr:` or `npm:` one from its new copy.
 */
async function readPlugin(source: PluginSource, given: string, code?: PluginCode) {
  const runtime = code ? codeSource({ source, code }) : source;
  // A local plugin read where it is may change while it is read; a copy is ours.
  const before = code ? undefined : await pluginDigest(runtime);
  const manifest = await readManifest(runtime, `the plugin at ${given}`);
  let modules: Record<string, string> | undefined;
  if (code && source.kind === "npm" && (manifest.executors ?? []).length > 0) {
    modules = await copyDigests(code);
  }
  if (code && source.kind === "url") {
    const original = (url: unknown) => originalUrl(source, code, String(url));
    modules = await copyModules(source, code, [
      ...(manifest.commands ?? []).map((c) => ({
        url: original(c.module),
        what: "module" as const,
      })),
      ...(manifest.agents ?? []).map((a) => ({ url: original(a.module), what: "module" as const })),
      ...(manifest.executors ?? []).map((e) => ({
        url: original(e.module),
        what: "executor module" as const,
      })),
    ]);
  }
  const integrity = await pluginDigest(runtime);
  if (before !== undefined && before !== integrity) {
    throw new SuperAgentsError(
      "PLUGIN_CHANGED",
      `the plugin at ${given} changed while it was read`,
      { hint: "add it again once it stops changing" },
    );
  }
  return { runtime, manifest, modules, integrity };
}

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const [given] = args.positionals;
  const file = chosenFile(ctx, args);
  let source = await resolvePluginSource(given, ctx.cwd);
  // A jsr: package is added as the URL plugin of its version's folder on the registry.
  const jsr = source.kind === "jsr" ? await resolveJsrPackage(given, ctx.env) : undefined;
  if (jsr) source = jsr.source;
  let code: PluginCode | undefined;
  // Once its entry is in the plugins file the copy is the plugin's: nothing after removes it.
  const copy = { recorded: false };
  const discard = async () => {
    if (!code || copy.recorded) return;
    await removeCopy(code, ctx.dataHome);
    await clearPending(code, ctx.dataHome);
  };
  const npm = source.kind === "npm" ? await fetchNpmPackage(given) : undefined;
  if (npm) {
    code = { root: await newCopyFolder(ctx.dataHome, `npm-${npm.pinned.slice(4)}`), entry: "" };
    await markPending(code, ctx.dataHome, ctx.now());
    code = await copyNpmPackage(npm, code.root).catch(async (error) => {
      await discard();
      throw error;
    });
  }
  if (source.kind === "url") {
    code = await newCopy(source, ctx.dataHome);
    await markPending(code, ctx.dataHome, ctx.now()); // an add killed from here leaves no orphan
    const copied = code;
    await copyModules(source, copied, [{ url: source.entry, what: "module" }])
      // A jsr: package's files are checked against the registry's before any of them runs.
      .then(() => jsr && verifyCopy(jsr, copied))
      .catch(async (error) => {
        await discard();
        throw error;
      });
  }
  try {
    const pinned = jsr?.pinned ?? npm?.pinned;
    const added = await review(ctx, args, file, source, given, code, copy, pinned, jsr);
    if (added !== 0) await discard();
    return added;
  } catch (error) {
    await discard();
    throw error;
  }
}

async function review(
  ctx: Context,
  args: CommandArgs,
  file: ReturnType<typeof chosenFile>,
  source: PluginSource,
  given: string,
  code: PluginCode | undefined,
  copy: { recorded: boolean },
  pinned?: string,
  jsr?: JsrPackage,
): Promise<number> {
  const specifier = pinned ?? sourceSpecifier(source);
  const { runtime, manifest, modules, integrity } = await readPlugin(source, given, code);
  if (jsr && code) await verifyCopy(jsr, code); // every file as the registry published it
  await checkNames(ctx, manifest, file.scope);
  const agents = await agentsOf(runtime, manifest);
  const previous = await previousOf(file.path, file.scope, manifest.name);
  (ctx.json ? ctx.stderr : ctx.stdout).write(
    reviewText({ manifest, source, specifier, previous, agents }) + "\n",
  );
  const global = booleanFlag(args, "global") ? " --global" : "";
  if (!await confirmPlugin(ctx, args, manifest.name, `${specifier}${global}`)) {
    ctx.stderr.write(`not added: ${manifest.name}\n`);
    return 1;
  }
  const accepted: Omit<PluginEntry, "seal"> = {
    name: manifest.name,
    version: manifest.version,
    specifier,
    source,
    integrity,
    accepted: manifest.permissions ?? {},
    manifest,
    ...(modules ? { modules } : {}),
    ...(code ? { code } : {}),
    addedAt: new Date(ctx.now()).toISOString(),
  };
  const entry = { ...accepted, seal: await sealOf(await ensureSealKey(ctx.dataHome), accepted) };
  const replaced = await updatePluginsFile(file.path, (entries) => {
    const kept = entries.filter((e) => entryNameOf(e) !== entry.name);
    const gone = entries.filter((e) => entryNameOf(e) === entry.name);
    return { entries: [...kept, entry], result: gone };
  });
  copy.recorded = true;
  if (code) await clearPending(code, ctx.dataHome);
  // A worker started before may still run the old copy: retired, deleted a day later.
  for (const old of replaced) {
    await retireCopy(await sealedCopyOf(old, ctx.dataHome), ctx.dataHome, ctx.now());
  }
  await pruneRetired(ctx.dataHome, ctx.now());
  const commands = (manifest.commands ?? []).map((c) => c.name);
  if (ctx.json) {
    ctx.stdout.write(
      JSON.stringify({
        added: { ...entry, seal: undefined, scope: file.scope, replaced: replaced.length > 0 },
      }) + "\n",
    );
  } else {
    ctx.stdout.write(
      `${
        replaced.length ? "updated" : "added"
      } ${entry.name} ${entry.version} (${file.scope}, ${file.path})` +
        `${commands.length ? `: super-agents ${commands.join(", super-agents ")}` : ""}\n`,
    );
  }
  return 0;
}

/** `plugins add`. */
export const addCommand: CommandSpec = {
  name: "add",
  summary: "review a plugin's permissions and add it",
  description: "The specifier is a plugin folder (with a mod.ts), a module file, an " +
    "https:/http: URL, or a jsr:/npm: package. Its manifest is read in a sandboxed worker; " +
    "you are shown the permissions it asks for and asked to accept them (--yes without a " +
    "terminal). Adding a plugin again reviews and records its current version.",
  positionals: [{
    name: "specifier",
    description: "folder, file, URL, jsr: or npm:",
    required: true,
  }],
  flags: {
    global: { type: "boolean", description: "add it for every project (the user's plugins file)" },
    yes: { type: "boolean", description: "accept the permissions without asking" },
  },
  examples: [
    "super-agents plugins add ./hello --yes",
    "super-agents plugins add jsr:@acme/lint --global",
  ],
  run,
};

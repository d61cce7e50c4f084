/**
 * Whether an added plugin may be activated, and with what. It is
 * active when its entry carries this user's seal, its recorded manifest
 * stays inside its source and its accepted permissions, and its code is
 * unchanged — or changed (the integrity digest differs) but the manifest
 * read again, in the no-permission worker, asks for nothing more than was
 * accepted. A URL plugin runs from the copy made when it was added, and
 * that copy may not change at all. A widened manifest, another name, a
 * changed copy or a foreign seal needs acceptance (`plugins add` again); code that is gone, unreadable, throws
 * on import or hangs is broken. Both are reported and skipped, never thrown.
 * @module
 */

import { errorMessage, SuperAgentsError } from "../../errors.ts";
import type { PluginProblem } from "../host.ts";
import { sealVerifies } from "./acceptance_seal.ts";
import { pluginDigest } from "./integrity.ts";
import { type ManifestData, validateManifestData } from "./manifest_data.ts";
import { codeSource, type PluginEntry, type PluginScope } from "./plugins_file.ts";
import { type PluginPermissions, widenedKinds } from "./plugin_permissions.ts";
import { readManifest } from "./read_manifest.ts";

/** The verdict on one added plugin. */
export type PluginState =
  | { state: "active"; entry: PluginEntry; manifest: ManifestData; granted: PluginPermissions }
  | { state: "needs acceptance"; entry: PluginEntry; reason: string }
  | { state: "broken"; entry: PluginEntry; reason: string; hint: string };

/** Options of {@linkcode checkPlugin}. */
export interface CheckPluginOptions {
  /** The user's seal key (`undefined`: none made yet, so nothing is accepted). */
  key: CryptoKey | undefined;
  /** How long reading a changed manifest may take. */
  deadlineMs?: number;
}

function sealed(entry: PluginEntry): Omit<PluginEntry, "seal"> {
  const { seal: _seal, ...rest } = entry;
  return rest;
}

function needsAcceptance(entry: PluginEntry, reason: string): PluginState {
  return { state: "needs acceptance", entry, reason };
}

function broken(entry: PluginEntry, error: unknown): PluginState {
  const hint = error instanceof SuperAgentsError && error.hint ? error.hint : "fix the plugin";
  return { state: "broken", entry, reason: errorMessage(error), hint };
}

async function recheck(entry: PluginEntry, deadlineMs?: number): Promise<PluginState> {
  let manifest: ManifestData;
  try {
    manifest = await readManifest(codeSource(entry), `plugin "${entry.name}"`, { deadlineMs });
  } catch (error) {
    return broken(entry, error);
  }
  if (manifest.name !== entry.name) {
    return needsAcceptance(entry, `its code changed and it now calls itself "${manifest.name}"`);
  }
  const widened = widenedKinds(manifest.permissions ?? {}, entry.accepted);
  if (widened.length > 0) {
    return needsAcceptance(
      entry,
      `its code changed and it now asks for more ${widened.join(", ")} access than you accepted`,
    );
  }
  return { state: "active", entry, manifest, granted: manifest.permissions ?? {} };
}

/**
 * The state of the added plugin `entry`.
 *
 * @example
 * ```ts
 * const verdict = await checkPlugin(entry, { key });
 * if (verdict.state === "active") verdict.granted; // what its workers may do
 * ```
 */
export async function checkPlugin(
  entry: PluginEntry,
  options: CheckPluginOptions,
): Promise<PluginState> {
  if (!options.key || !await sealVerifies(options.key, sealed(entry), entry.seal)) {
    return needsAcceptance(
      entry,
      "you did not accept it on this machine (its entry was written elsewhere or edited)",
    );
  }
  if (entry.source.kind === "url" && !entry.code) {
    return needsAcceptance(entry, "it was added before URL plugins ran from a copy made at add");
  }
  if ((entry.source.kind === "jsr" || entry.source.kind === "npm") && !entry.code) {
    const kind = entry.source.kind;
    return needsAcceptance(
      entry,
      `it was added before ${kind}: plugins ran from a copy made at add`,
    );
  }
  const code = codeSource(entry);
  try {
    validateManifestData(entry.manifest, code, `plugin "${entry.name}"`);
  } catch (error) {
    return broken(entry, error);
  }
  const recorded = widenedKinds(entry.manifest.permissions ?? {}, entry.accepted);
  if (recorded.length > 0) {
    return needsAcceptance(entry, `its recorded manifest asks for more ${recorded.join(", ")}`);
  }
  const remote = code.kind !== "folder" && code.kind !== "file";
  const active: PluginState = {
    state: "active",
    entry,
    manifest: entry.manifest as ManifestData,
    granted: entry.manifest.permissions ?? {},
  };
  if (remote) return active; // a registry package version never changes
  let digest: string;
  try {
    digest = await pluginDigest(code);
  } catch (error) {
    return broken(entry, error);
  }
  if (digest === entry.integrity) return active;
  if (entry.code) {
    return needsAcceptance(entry, `its copy in ${entry.code.root} changed since you accepted it`);
  }
  return await recheck(entry, options.deadlineMs);
}

/**
 * The problem to report for a plugin that is not active (`undefined` when it is).
 *
 * @example
 * ```ts
 * problemOf(verdict, "project")?.hint; // "run `super-agents plugins add /work/hello` to review"
 * ```
 */
export function problemOf(state: PluginState, scope: PluginScope): PluginProblem | undefined {
  if (state.state === "active") return undefined;
  const name = state.entry.name;
  const global = scope === "global" ? " --global" : "";
  if (state.state === "needs acceptance") {
    return {
      plugin: name,
      message: `plugin "${name}" needs acceptance: ${state.reason}; skipped`,
      hint: `run \`super-agents plugins add ${state.entry.specifier}${global}\` to review`,
    };
  }
  return {
    plugin: name,
    message: `plugin "${name}" is broken: ${state.reason}; skipped`,
    hint: `${state.hint}; or remove it: \`super-agents plugins remove ${name}${global}\``,
  };
}

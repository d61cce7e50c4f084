/**
 * The Deno permissions of a third-party plugin's workers. Every kind is set
 * explicitly (an unset kind would not be "denied" but "prompt"). Importing
 * a plugin needs read of its folder (or file) or import from its origin —
 * nothing else — and that is all the manifest worker gets. A command worker
 * adds the permissions the user accepted: relative paths are the project's,
 * and a broad write grant is carved around the paths that decide who may do
 * what (`carve_out.ts`), so a plugin allowed to write the project cannot
 * edit its own acceptance, the agents, git's hooks or the KM's state; a
 * broad read grant is carved around the hidden paths (`.claude/state`: the
 * KM's token, the queue) and the data home (the user's keys). Carving takes
 * away the listing of the directories carved from (the project root, for a
 * grant of `.`); {@linkcode readListings} gives the worker those listings
 * back, without the carved entries.
 * @module
 */

import { isAbsolute, join, resolve } from "node:path";
import { HIDDEN_PATHS, PROTECTED_PATHS } from "../../pool/protected_paths.ts";
import { carvedListings, carveOut, type ListedEntry } from "./carve_out.ts";
import { normalGrant, type PluginPermissions } from "./plugin_permissions.ts";
import { localReadPath, type PluginSource } from "./plugin_source.ts";
import type { WorkerPermissions } from "../../pool/sandbox.ts";

/** A worker's `deno.permissions`, every kind explicit. */
export interface PluginWorkerPermissions extends WorkerPermissions {
  import: false | string[];
}

/** Where a command runs: the project root (or the working directory outside one) and the data home. */
export interface PluginPlace {
  root: string;
  dataHome: string;
}

/**
 * What importing the plugin needs, and nothing more (the manifest worker's permissions).
 *
 * @example
 * ```ts
 * importPermissions({ kind: "url", origin: "x.dev", ... }).import; // ["x.dev"]
 * ```
 */
export function importPermissions(source: PluginSource): PluginWorkerPermissions {
  const local = localReadPath(source);
  return {
    read: local ? [local] : false,
    write: false,
    net: false,
    run: false,
    env: false,
    import: "origin" in source ? [source.origin] : false,
    sys: false,
    ffi: false,
  };
}

function absolute(grant: boolean | string[], root: string): boolean | string[] {
  if (typeof grant === "boolean") return grant;
  return grant.map((path) => isAbsolute(path) ? resolve(path) : resolve(root, path));
}

/** Paths a broad write grant never covers: the protected paths, the plugins file, the data home. */
export function protectedWritePaths(place: PluginPlace): string[] {
  return [
    ...PROTECTED_PATHS.map((path) => join(place.root, path)),
    join(place.root, ".claude", "plugins.json"),
    resolve(place.dataHome),
  ];
}

/**
 * Paths a broad read grant never covers: the project's hidden paths (the
 * KM's token and the queue in `.claude/state`, as for agents) and the data
 * home (the plugins key, tokens, the trust store).
 */
export function hiddenReadPaths(place: PluginPlace): string[] {
  return [...HIDDEN_PATHS.map((path) => join(place.root, path)), resolve(place.dataHome)];
}

/**
 * The directory listings a worker with `granted` at `place` lost to the
 * read carve (see `carve_out.ts`), for the worker to list them still.
 *
 * @example
 * ```ts
 * Object.keys(readListings({ read: ["."] }, { root: "/p", dataHome: "/h" })); // ["/p", "/p/.claude"]
 * ```
 */
export function readListings(
  granted: PluginPermissions,
  place: PluginPlace,
): Record<string, ListedEntry[]> {
  const read = absolute(normalGrant(granted.read), place.root);
  return typeof read === "boolean" ? {} : carvedListings(read, hiddenReadPaths(place));
}

function merged(a: boolean | string[], b: string[]): boolean | string[] {
  if (a === true) return true;
  const all = [...new Set([...(a || []), ...b])];
  return all.length === 0 ? false : all;
}

function carved(grant: boolean | string[], excluded: string[]): boolean | string[] {
  if (typeof grant === "boolean") return grant;
  const kept = carveOut(grant, excluded);
  return kept.length === 0 ? false : kept;
}

/**
 * The permissions of a worker that runs the plugin's code with `granted`
 * (what the user accepted, or narrower) at `place`.
 *
 * @example
 * ```ts
 * commandPermissions(source, { read: ["."] }, { root: "/p", dataHome: "/h/.super-agents" }).read;
 * // ["/p", "/work/hello"] (the project, plus its own folder)
 * ```
 */
export function commandPermissions(
  source: PluginSource,
  granted: PluginPermissions,
  place: PluginPlace,
): PluginWorkerPermissions {
  const base = importPermissions(source);
  const read = carved(absolute(normalGrant(granted.read), place.root), hiddenReadPaths(place));
  return {
    ...base,
    read: merged(read, base.read === false ? [] : base.read as string[]),
    write: carved(absolute(normalGrant(granted.write), place.root), protectedWritePaths(place)),
    net: normalGrant(granted.net),
    run: normalGrant(granted.run),
    env: normalGrant(granted.env),
  };
}

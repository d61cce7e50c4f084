/**
 * A plugin's permissions in plain English, one line per kind of access, for
 * the prompt of `plugins add` and for `plugins list`. Broad grants say what
 * they really mean (a `run` grant starts programs outside the sandbox with
 * the user's full rights; `env: true` includes API keys).
 * @module
 */

import {
  normalGrant,
  PERMISSION_KINDS,
  type PermissionKind,
  type PluginPermissions,
} from "./plugin_permissions.ts";

function places(paths: string[]): string {
  return paths.map((p) => p === "." ? "the project (.)" : p).join(", ");
}

const SENTENCES: Record<
  PermissionKind,
  { none: string; all: string; some: (items: string[]) => string }
> = {
  read: {
    none: "read no files (only its own code)",
    all: "read ANY file on this computer, your keys and tokens included",
    some: (items) =>
      `read the files in ${places(items)} (never .claude/state, where the KM's token is, ` +
      "nor ~/.super-agents)",
  },
  write: {
    none: "create, change or delete no files",
    all: "create, change and delete ANY file on this computer (this is full trust)",
    some: (items) =>
      `create, change and delete files in ${places(items)} ` +
      "(never .git, .mcp.json or .claude's agents, settings, state and plugins.json)",
  },
  net: {
    none: "use no network",
    all: "connect to any host on the network or the internet",
    some: (items) => `connect to ${items.join(", ")}`,
  },
  run: {
    none: "start no programs",
    all: "start ANY program, outside this sandbox with your full rights (this is full trust)",
    some: (items) =>
      `start ${items.join(", ")}, which run outside this sandbox with your full rights`,
  },
  env: {
    none: "read no environment variables",
    all: "read every environment variable, API keys and tokens included",
    some: (items) => `read the environment variables ${items.join(", ")}`,
  },
};

/**
 * One `[kind, sentence]` pair per kind of access, in prompt order.
 *
 * @example
 * ```ts
 * describePermissions({ read: ["."] })[0]; // ["read", "read the files in the project (.)"]
 * ```
 */
export function describePermissions(permissions: PluginPermissions): [PermissionKind, string][] {
  return PERMISSION_KINDS.map((kind) => {
    const grant = normalGrant(permissions[kind]);
    const sentence = SENTENCES[kind];
    return [
      kind,
      grant === false ? sentence.none : grant === true ? sentence.all : sentence.some(grant),
    ];
  });
}

/**
 * The permissions in one short line for listings (`read: .; net: x.dev`), or `none`.
 *
 * @example
 * ```ts
 * summarizePermissions({ read: ["."], net: true }); // "read: .; net: any"
 * ```
 */
export function summarizePermissions(permissions: PluginPermissions): string {
  const parts = PERMISSION_KINDS.flatMap((kind) => {
    const grant = normalGrant(permissions[kind]);
    if (grant === false) return [];
    return [`${kind}: ${grant === true ? "any" : grant.join(", ")}`];
  });
  return parts.length === 0 ? "none" : parts.join("; ");
}

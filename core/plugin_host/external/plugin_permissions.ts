/**
 * The permissions of a third-party plugin as data: the zod schema a
 * manifest's `permissions` (and what the user accepted) must satisfy, and
 * the one comparison the loader needs — which kinds of access a newer
 * manifest asks for beyond what was accepted. Paths are relative to the
 * project (`.` is the project root) or absolute; hosts are `host[:port]`;
 * programs are names or absolute paths; variables are names.
 * @module
 */

import { isAbsolute, posix } from "node:path";
import { z } from "../../deps.ts";

const noNul = (value: string) => !value.includes("\0");

function grantOf(item: z.ZodString) {
  return z.union([z.boolean(), z.array(item).max(64)]).optional();
}

const path = z.string().min(1).max(4096).refine(noNul, "a path may not contain NUL");
const host = z.string().regex(
  /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/,
  "a host is host or host:port",
);
const program = z.string().min(1).max(4096).regex(/^[^\s\0]+$/, "a program is a name or a path");
const variable = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "a variable name");

/** What a plugin asks for (or was granted): each kind `true`, `false` or a list. */
export const PluginPermissionsSchema = z.strictObject({
  read: grantOf(path),
  write: grantOf(path),
  net: grantOf(host),
  run: grantOf(program),
  env: grantOf(variable),
});

/** Validated plugin permissions. */
export type PluginPermissions = z.infer<typeof PluginPermissionsSchema>;

/** The kinds of access, in the order prompts and listings show them. */
export const PERMISSION_KINDS = ["read", "write", "net", "run", "env"] as const;

/** One kind of access. */
export type PermissionKind = typeof PERMISSION_KINDS[number];

/** A grant with `[]` and absence both meaning `false`, and duplicates removed. */
export function normalGrant(grant: boolean | string[] | undefined): boolean | string[] {
  if (grant === undefined || grant === false) return false;
  if (grant === true) return true;
  return grant.length === 0 ? false : [...new Set(grant)];
}

// Relative paths mean "in the project"; a fixed stand-in root compares them with absolute ones.
const PROJECT = "/\0project";

function absolutePath(item: string): string {
  return posix.normalize(isAbsolute(item) ? item : posix.join(PROJECT, item));
}

function pathCovered(item: string, accepted: string[]): boolean {
  const target = absolutePath(item);
  return accepted.map(absolutePath).some((a) =>
    target === a || target.startsWith(a.endsWith("/") ? a : `${a}/`)
  );
}

function hostOf(item: string): string {
  const bracket = /^(\[[^\]]+\])/.exec(item);
  if (bracket) return bracket[1];
  return item.replace(/:\d+$/, "");
}

function hostCovered(item: string, accepted: string[]): boolean {
  return accepted.some((a) => a === item || (a === hostOf(a) && a === hostOf(item)));
}

function itemCovered(kind: PermissionKind, item: string, accepted: string[]): boolean {
  if (kind === "read" || kind === "write") return pathCovered(item, accepted);
  if (kind === "net") return hostCovered(item, accepted);
  return accepted.includes(item);
}

/**
 * The kinds in which `requested` asks for more than `accepted` covers
 * (empty: it asks for nothing new).
 *
 * @example
 * ```ts
 * widenedKinds({ read: ["src"] }, { read: ["."] }); // []
 * widenedKinds({ read: ["."], net: ["x.dev"] }, { read: ["src"] }); // ["read", "net"]
 * ```
 */
export function widenedKinds(
  requested: PluginPermissions,
  accepted: PluginPermissions,
): PermissionKind[] {
  return PERMISSION_KINDS.filter((kind) => {
    const want = normalGrant(requested[kind]);
    const have = normalGrant(accepted[kind]);
    if (want === false || have === true) return false;
    if (want === true || have === false) return true;
    return want.some((item) => !itemCovered(kind, item, have));
  });
}

/**
 * An agent's effective permissions: everything in its file that widens what
 * it can do — the five Deno grants (read, write, net, run, env), its tools,
 * its MCP servers and its provider — in one normalised shape (lists sorted
 * and deduplicated, `false` as an empty list, paths without `./`), so two
 * files that grant the same compare equal and hash to the same digest.
 * @module
 */

import { posix } from "node:path";
import { z } from "../../core/deps.ts";
import { sha256Hex } from "../../core/sha256.ts";
import type { AgentDefinition } from "../definition.ts";

/** One grant after normalisation: everything (`true`) or a sorted list (empty: nothing). */
export const NormalGrantSchema = z.union([z.literal(true), z.array(z.string())]);

/** The effective permissions, as recorded in the trust store. */
export const EffectivePermissionsSchema = z.strictObject({
  read: NormalGrantSchema,
  write: NormalGrantSchema,
  net: NormalGrantSchema,
  run: NormalGrantSchema,
  env: NormalGrantSchema,
  tools: z.array(z.string()),
  /** Server names, or the canonical JSON of a server defined inline. */
  mcpServers: z.array(z.string()),
  /** The provider plugin; `""` only in the empty baseline of a new agent. */
  provider: z.string(),
});

/** A normalised grant. */
export type NormalGrant = z.infer<typeof NormalGrantSchema>;

/** The effective permissions of one agent. */
export type EffectivePermissions = z.infer<typeof EffectivePermissionsSchema>;

/** The names of the five Deno grants, in display order. */
export const GRANT_NAMES = ["read", "write", "net", "run", "env"] as const;

/** What the effective permissions are computed from. */
export type PermissionSource = Pick<
  AgentDefinition,
  "permissions" | "tools" | "mcpServers" | "provider"
>;

/** Nothing at all: the baseline a new agent is compared with. */
export const NO_PERMISSIONS: EffectivePermissions = {
  read: [],
  write: [],
  net: [],
  run: [],
  env: [],
  tools: [],
  mcpServers: [],
  provider: "",
};

function sorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

/** `./src/` → `src`, `` → `.`; absolute paths stay absolute. */
export function normalisePath(path: string): string {
  const normal = posix.normalize(path.trim());
  return normal.length > 1 ? normal.replace(/\/+$/, "") : normal;
}

function grant(value: boolean | string[], paths: boolean): NormalGrant {
  if (value === true) return true;
  if (value === false) return [];
  return sorted(value.map((item) => paths ? normalisePath(item) : item.trim()));
}

/** Canonical JSON: object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`)}}`;
  }
  return JSON.stringify(value);
}

/**
 * The effective permissions of an agent definition.
 *
 * @example
 * ```ts
 * const effective = effectivePermissions(catalog.get("reviewer-agent"));
 * effective.run; // ["git"]
 * ```
 */
export function effectivePermissions(agent: PermissionSource): EffectivePermissions {
  const { permissions } = agent;
  return {
    read: grant(permissions.read, true),
    write: grant(permissions.write, true),
    net: grant(permissions.net, false),
    run: grant(permissions.run, false),
    env: grant(permissions.env, false),
    tools: sorted(agent.tools),
    mcpServers: sorted(
      (agent.mcpServers ?? []).map((server) =>
        typeof server === "string" ? server : canonicalJson(server)
      ),
    ),
    provider: agent.provider ?? "anthropic",
  };
}

/**
 * The digest of effective permissions: `sha256:` and the hex SHA-256 of their canonical JSON.
 *
 * @example
 * ```ts
 * permissionsDigest(effectivePermissions(agent)); // "sha256:9f86d0..."
 * ```
 */
export function permissionsDigest(permissions: EffectivePermissions): string {
  return `sha256:${sha256Hex(canonicalJson(permissions))}`;
}

/**
 * The KM's permission vocabulary: scopes (what a token may do), roles (named
 * sets of scopes: viewer, operator, admin, and custom ones from the `auth`
 * config section) and the one question every enforcement point asks —
 * does this set of granted scopes cover the required one? `admin` covers
 * everything. `agents:run` covers every agent that is not in a reserved
 * group; an agent in a group needs `agents:run:<agent>`, `agents:run:<group>`
 * or `admin` ("RBAC for agents": an operator cannot run an agent reserved to
 * admins).
 * @module
 */

import type { AuthConfig } from "./config.ts";
import { ScopeSchema } from "./scope_schema.ts";

export type { AuthConfig };
export { ScopeSchema };

/** The scopes every KM understands (plus `agents:run:<agent or group>`). */
export const BASE_SCOPES = [
  "knowledge:read",
  "knowledge:write",
  "tasks:create",
  "agents:run",
  "admin",
] as const;

/** A base scope. */
export type BaseScope = typeof BASE_SCOPES[number];

/** What each base scope allows, for the consent page and `mcp token create --help`. */
export const SCOPE_DESCRIPTIONS: Record<BaseScope, string> = {
  "knowledge:read": "read knowledge, files, contracts, ADRs, tasks and events",
  "knowledge:write": "save knowledge, register files and contracts, write ADRs",
  "tasks:create": "queue and cancel tasks for agents",
  "agents:run": "run the project's agents (except those reserved to a group)",
  admin: "everything, including reserved agents and the audit trail",
};

/** The built-in roles. */
export const BUILTIN_ROLES: Readonly<Record<string, readonly string[]>> = {
  viewer: ["knowledge:read"],
  operator: ["knowledge:read", "knowledge:write", "tasks:create", "agents:run"],
  admin: ["admin"],
};

/** Who is asking, as every enforcement point sees it. */
export interface Principal {
  /** Stable name for the audit trail: `project`, `token/<name>`, `oauth/<client>`, `sso/<sub>`. */
  id: string;
  scopes: readonly string[];
}

/** Which agents are reserved to which groups. */
export interface AgentPolicy {
  /** agent → the groups it is in (absent: not reserved). */
  groupsOf(agent: string): readonly string[];
}

/** The policy of an `auth` section. */
export function agentPolicy(config: Pick<AuthConfig, "agentGroups">): AgentPolicy {
  const groups = new Map<string, string[]>();
  for (const [group, agents] of Object.entries(config.agentGroups)) {
    for (const agent of agents) groups.set(agent, [...(groups.get(agent) ?? []), group]);
  }
  // `x` and `x-agent` name one agent (the catalog resolves either): both forms count.
  return {
    groupsOf: (agent) => {
      const other = agent.endsWith("-agent") ? agent.slice(0, -"-agent".length) : `${agent}-agent`;
      return [...new Set([...(groups.get(agent) ?? []), ...(groups.get(other) ?? [])])];
    },
  };
}

/**
 * The scopes of a role; `undefined` for an unknown role.
 *
 * @example
 * ```ts
 * roleScopes("operator", {}); // ["knowledge:read", "knowledge:write", "tasks:create", "agents:run"]
 * ```
 */
export function roleScopes(
  role: string,
  custom: Readonly<Record<string, readonly string[]>>,
): readonly string[] | undefined {
  return Object.hasOwn(custom, role)
    ? custom[role]
    : Object.hasOwn(BUILTIN_ROLES, role)
    ? BUILTIN_ROLES[role]
    : undefined;
}

/**
 * The missing scope, or `undefined` when `granted` covers `required`.
 * `required` is a base scope, or `agents:run:<agent>` for running one agent.
 *
 * @example
 * ```ts
 * missingScope(["agents:run"], "agents:run:security-agent", policy); // "agents:run:security-agent" when reserved
 * ```
 */
export function missingScope(
  granted: readonly string[],
  required: string,
  policy: AgentPolicy = { groupsOf: () => [] },
): string | undefined {
  if (granted.includes("admin") || granted.includes(required)) return undefined;
  if (required === "knowledge:read" && granted.includes("knowledge:write")) return undefined;
  const agent = required.startsWith("agents:run:") ? required.slice("agents:run:".length) : "";
  if (agent === "") return required;
  const other = agent.endsWith("-agent") ? agent.slice(0, -"-agent".length) : `${agent}-agent`;
  if (granted.includes(`agents:run:${other}`)) return undefined;
  const groups = policy.groupsOf(agent);
  if (groups.length === 0 && granted.includes("agents:run")) return undefined;
  if (groups.some((group) => granted.includes(`agents:run:${group}`))) return undefined;
  return required;
}

/**
 * Parses a space-separated OAuth `scope` parameter; unknown scopes are listed
 * in `unknown` so the caller can answer `invalid_scope`.
 */
export function parseScopeParameter(scope: string | null): { scopes: string[]; unknown: string[] } {
  const words = (scope ?? "").split(" ").filter((word) => word !== "");
  const scopes: string[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    if (!ScopeSchema.safeParse(word).success) unknown.push(word);
    else if (!scopes.includes(word)) scopes.push(word);
  }
  return { scopes, unknown };
}

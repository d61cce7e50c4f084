/**
 * The one place a KM decides whether a principal may do something: an MCP
 * tool call, an MCP resource read, a JSON API route, the dashboard or its
 * event stream. Each action is named (`tool:agent_run`, `route:POST
 * /api/knowledge`, ...) and maps to one required scope through the tables in
 * `access_tables.ts`; an action missing from the tables needs `admin` (a new
 * route or tool is closed until someone gives it a scope, and a generated
 * test fails meanwhile). Every denial is reported once, naming the
 * principal, the action and the missing scope (the KM writes it to the audit
 * log). Listings (`tools/list`, `resources/list`, `prompts/list`) ask the
 * same gate with `lists`: a principal sees only what its scopes let it use.
 * @module
 */

import { ANY_AGENT, requiredScopes } from "./access_tables.ts";
import { type AgentPolicy, missingScope, type Principal } from "./scopes.ts";

/** Something a principal asks to do. */
export type AccessAction =
  | { kind: "tool"; name: string; args?: Record<string, unknown> }
  | { kind: "resource"; uri: string }
  | { kind: "route"; method: string; path: string }
  | { kind: "dashboard" }
  | { kind: "events" };

/** A refusal: what was asked, by whom, and the scope that would have allowed it. */
export interface AccessDenial {
  principal: string;
  action: string;
  missing: string;
}

/** The gate. */
export interface AccessGate {
  /** `undefined` when allowed; otherwise the denial, once it has been reported. */
  check(principal: Principal, action: AccessAction): Promise<AccessDenial | undefined>;
  /**
   * Whether a listing shows `action` to `principal` (not a use: nothing is
   * reported). A tool that runs an agent is listed to a principal that may
   * run at least one agent; each call is still checked for its agent.
   */
  lists(principal: Principal, action: AccessAction): boolean;
}

/** The stable name of an action, for the audit trail. */
export function actionName(action: AccessAction): string {
  switch (action.kind) {
    case "tool":
      return `tool:${action.name}`;
    case "resource":
      return `resource:${action.uri}`;
    case "route":
      return `route:${action.method} ${action.path}`;
    default:
      return action.kind;
  }
}

/**
 * Creates the gate over an agent policy; `onDenied` hears every refusal.
 *
 * @example
 * ```ts
 * const gate = createAccessGate(agentPolicy(auth), (denial) => audit(denial));
 * const denial = gate.check(principal, { kind: "tool", name: "agent_run", args: { agent: "x" } });
 * ```
 */
export function createAccessGate(
  policy: AgentPolicy,
  onDenied: (denial: AccessDenial) => void | Promise<void> = () => {},
): AccessGate {
  return {
    async check(principal, action) {
      const missing = requiredScopes(action)
        .map((required) => missingScope(principal.scopes, required, policy))
        .find((scope) => scope !== undefined);
      if (missing === undefined) return undefined;
      const denial = { principal: principal.id, action: actionName(action), missing };
      await onDenied(denial);
      return denial;
    },
    lists(principal, action) {
      const granted = principal.scopes;
      return requiredScopes(action, { anyAgent: true }).every((required) =>
        required === ANY_AGENT
          ? granted.some((scope) =>
            scope === "admin" || scope === "agents:run" || scope.startsWith("agents:run:")
          )
          : missingScope(granted, required, policy) === undefined
      );
    },
  };
}

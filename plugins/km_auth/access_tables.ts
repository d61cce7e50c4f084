/**
 * Which scope each KM action needs: every MCP tool, every JSON API route,
 * resources, the dashboard and its event stream. `{agent}` in a scope is the
 * call's `agent` argument, so running (or queueing work for) an agent needs
 * the right to run that agent. Tests read the server's real tool list and
 * route table and fail when one of them is missing here; at run time a
 * missing entry needs `admin`.
 * @module
 */

import type { AccessAction } from "./access_gate.ts";

const READ = ["knowledge:read"];
const WRITE = ["knowledge:write"];

/** MCP tools of the project server → the scopes a call needs. */
export const TOOL_SCOPES: Readonly<Record<string, readonly string[]>> = {
  knowledge_save: WRITE,
  knowledge_query: READ,
  knowledge_get: READ,
  knowledge_list: READ,
  file_register: WRITE,
  file_get: READ,
  file_list: READ,
  contract_register: WRITE,
  contract_get: READ,
  adr_create: WRITE,
  adr_get: READ,
  adr_list: READ,
  adr_set_status: WRITE,
  task_create: ["tasks:create", "agents:run:{agent}"],
  task_status: READ,
  task_list: READ,
  task_cancel: ["tasks:create"],
  event_query: READ,
  event_trace: READ,
  agent_list: READ,
  spec: READ,
  agent_run: ["agents:run:{agent}"],
};

/** JSON API routes (`METHOD /path` as in the KM's route table) → scopes. */
export const ROUTE_SCOPES: Readonly<Record<string, readonly string[]>> = {
  "GET /api/knowledge": READ,
  "POST /api/knowledge": WRITE,
  "GET /api/knowledge/:id": READ,
  "DELETE /api/knowledge/:id": WRITE,
  "GET /api/search": READ,
  "GET /api/files": READ,
  "PUT /api/files": WRITE,
  "GET /api/contracts/:component": READ,
  "PUT /api/contracts": WRITE,
  "GET /api/adrs": READ,
  "POST /api/adrs": WRITE,
  "GET /api/adrs/:number": READ,
  "PATCH /api/adrs/:number": WRITE,
  // Events and costs come from the project's own workers (on this or another host).
  "POST /api/events": ["admin"],
  "POST /api/costs": ["admin"],
  "GET /status": READ,
  "GET /metrics": READ,
  "GET /mcp/spec": READ,
};

/** Resources (by URI scheme), the dashboard and its event stream. */
export const OTHER_SCOPES: Readonly<Record<string, readonly string[]>> = {
  "resource:agent": READ,
  "resource:prompt": READ,
  dashboard: READ,
  events: READ,
};

/** With `anyAgent` (listings): the right to run some agent, whichever. */
export const ANY_AGENT = "agents:run:*";

/**
 * The scopes an action needs (`admin` when the tables do not name it).
 *
 * @example
 * ```ts
 * requiredScopes({ kind: "tool", name: "agent_run", args: { agent: "reviewer" } });
 * // ["agents:run:reviewer"]
 * ```
 */
export function requiredScopes(
  action: AccessAction,
  options: { anyAgent?: boolean } = {},
): string[] {
  let entry: readonly string[] | undefined;
  switch (action.kind) {
    case "tool":
      entry = own(TOOL_SCOPES, action.name);
      break;
    case "route":
      entry = own(ROUTE_SCOPES, `${action.method} ${action.path}`);
      break;
    case "resource":
      entry = own(OTHER_SCOPES, `resource:${action.uri.split(":")[0]}`);
      break;
    default:
      entry = own(OTHER_SCOPES, action.kind);
  }
  if (!entry) return ["admin"];
  const agent = action.kind === "tool" ? action.args?.agent : undefined;
  return entry.map((scope) =>
    scope.includes("{agent}")
      ? (options.anyAgent
        ? ANY_AGENT
        : typeof agent === "string" && agent !== ""
        ? scope.replace("{agent}", agent)
        : "admin")
      : scope
  );
}

function own(table: Readonly<Record<string, readonly string[]>>, key: string) {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

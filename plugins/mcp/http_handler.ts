/**
 * `createMcpHttpHandler(project, options)`: the project's MCP server over
 * Streamable HTTP, as a `(req) => Promise<Response>` the KM mounts on its
 * `Deno.serve` for `/mcp`, `/mcp/spec` and `/.well-known/oauth-protected-resource`
 * (see {@linkcode isMcpHttpPath}). Auth is the project token plus the
 * per-user token store; a non-loopback bind without auth is refused here, at
 * creation. Requests from the Messages API MCP connector (header
 * `anthropic-beta: mcp-client-2025-04-04`) are served like any client's.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { KnowledgeStore } from "../km/store/knowledge_store.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { remoteHostNames } from "../km/bind_policy.ts";
import { assertSafeBind, isLoopbackHostname } from "./http_guard.ts";
import { createTokenVerifier, type TokenVerifier } from "./http_auth.ts";
import type { AccessAction, AccessGate } from "../km_auth/access_gate.ts";
import { createMcpRouter, isMcpHttpPath, type McpHttpHandler } from "./http_router.ts";
import { createServices } from "./services.ts";

export { isMcpHttpPath, type McpHttpHandler } from "./http_router.ts";

/** Options of {@linkcode createMcpHttpHandler}. */
export interface McpHttpOptions {
  config: Config;
  /** The address the server is bound to (Host validation, safe-bind check). */
  hostname: string;
  /** The project token (`km.token`). */
  projectToken?: string;
  /** The per-user token store (`~/.super-agents/tokens.json`). */
  userStorePath?: string;
  /** Bearer auth on (default). Off is accepted on loopback only. */
  auth?: boolean;
  /** The KM's open store, used in process (no HTTP round trip to itself). */
  store?: KnowledgeStore;
  /** Extra `Host` names (e.g. a DNS name of a non-loopback bind). */
  allowedHosts?: string[];
  /** Extra browser origins allowed to call (e.g. a dashboard). */
  allowedOrigins?: string[];
  /** Sessions idle longer are closed (default 30 minutes). */
  sessionIdleMs?: number;
  /** Live sessions at most (default 64). */
  maxSessions?: number;
  /** Transport-level errors (the KM's log). */
  onError?: (error: Error) => void;
  /** Token verifiers besides the static tokens (OAuth access tokens, SSO JWTs). */
  verifiers?: readonly TokenVerifier[];
  /** The authorization server named in the protected-resource metadata (default: the KM). */
  authorizationServer?: string;
  /** The access gate every tool call and resource read passes (absent: tokens may do anything). */
  gate?: AccessGate;
}

/**
 * Creates the handler; the MCP SDK loads on the first `/mcp` request.
 *
 * @example
 * ```ts
 * const mcp = createMcpHttpHandler(paths, { config, hostname: "127.0.0.1", projectToken: token, store });
 * Deno.serve({ hostname: "127.0.0.1", port }, (req) =>
 *   isMcpHttpPath(new URL(req.url).pathname) ? mcp(req) : app.handle(req));
 * ```
 */
export function createMcpHttpHandler(
  project: ProjectPaths,
  options: McpHttpOptions,
): McpHttpHandler {
  const auth = options.auth ?? true;
  const hasCredential = options.projectToken !== undefined || options.userStorePath !== undefined;
  assertSafeBind(options.hostname, auth && hasCredential);
  const services = createServices(project, options.config, {
    store: options.store,
    log: (message) => options.onError?.(new Error(message)),
  });
  const bindName = options.hostname.replace(/^\[|\]$/g, "");
  const router = createMcpRouter({
    verifier: auth
      ? createTokenVerifier({
        projectToken: options.projectToken,
        userStorePath: options.userStorePath,
        others: options.verifiers,
      })
      : undefined,
    authorizationServer: options.authorizationServer,
    // The names the KM's own listener accepts for this bind (every interface's for 0.0.0.0).
    allowedHosts: [
      ...(options.allowedHosts ?? []),
      ...(isLoopbackHostname(bindName) ? [] : remoteHostNames(bindName)),
    ],
    allowedOrigins: options.allowedOrigins,
    sessionIdleMs: options.sessionIdleMs,
    maxSessions: options.maxSessions,
    async createServer(identity) {
      const { createProjectServer } = await import("./server.ts");
      const gate = options.gate;
      const principal = { id: identity.clientId, scopes: identity.scopes };
      return await createProjectServer(services, {
        authorize: gate
          ? async (action) => gate.check(principal, await canonicalAgent(services, action))
          : undefined,
        visible: gate ? (action) => gate.lists(principal, action) : undefined,
      });
    },
    async specDenied(identity) {
      const denial = await options.gate?.check(
        { id: identity.clientId, scopes: identity.scopes },
        { kind: "route", method: "GET", path: "/mcp/spec" },
      );
      return denial?.missing;
    },
    async spec() {
      const { registryDocument } = await import("./tools_agents.ts");
      return await registryDocument(services);
    },
    onError: options.onError,
  });
  const close = router.close;
  return Object.defineProperties(
    (req: Request) => router(req),
    {
      close: {
        value: async () => {
          await close();
          await services.close();
        },
      },
      sessionCount: { get: () => router.sessionCount },
    },
  ) as McpHttpHandler;
}

/**
 * The action with its `agent` argument as the catalog names it (`security` →
 * `security-agent`), so a reserved agent cannot be reached by a short name
 * the access rules do not list. An unknown name is left as given (the tool
 * refuses it).
 */
async function canonicalAgent(
  services: ReturnType<typeof createServices>,
  action: AccessAction,
): Promise<AccessAction> {
  if (action.kind !== "tool" || typeof action.args?.agent !== "string") return action;
  let name: string;
  try {
    name = (await services.catalog()).get(action.args.agent).name;
  } catch {
    return action; // not an agent of this project: the tool itself answers that
  }
  return { ...action, args: { ...action.args, agent: name } };
}

/**
 * Puts the MCP routes in front of another handler (the KM's JSON API): MCP
 * paths go to `mcp`, everything else to `next`.
 *
 * @example
 * ```ts
 * Deno.serve({ hostname, port }, withMcpRoutes(app.handle, mcp));
 * ```
 */
export function withMcpRoutes(
  next: (req: Request) => Promise<Response>,
  mcp: (req: Request) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return (req) => (isMcpHttpPath(new URL(req.url).pathname) ? mcp(req) : next(req));
}

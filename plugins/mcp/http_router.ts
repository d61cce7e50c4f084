/**
 * The HTTP face of MCP, independent of what the server exposes: Host/Origin
 * checks, bearer auth, the protected-resource metadata, `/mcp/spec`, and
 * Streamable HTTP sessions on the SDK's web-standard transport (one
 * `McpServer` per session, SSE streaming, resumability through an in-memory
 * event store). Unknown request headers are ignored on purpose: the Messages
 * API MCP connector sends `anthropic-beta: mcp-client-2025-04-04` and is served
 * like any other client. The SDK itself is loaded on the first `/mcp` request,
 * so mounting this router costs a KM nothing until MCP is used.
 * @module
 */

import type { McpServer, WebStandardStreamableHTTPServerTransport } from "./deps.ts";
import { checkHostAndOrigin, type GuardOptions } from "./http_guard.ts";
import {
  bearerToken,
  protectedResourceMetadata,
  RESOURCE_METADATA_PATH,
  type TokenIdentity,
  type TokenVerifier,
  unauthorizedResponse,
} from "./http_auth.ts";

/** What the router needs from its owner. */
export interface McpRouterOptions extends GuardOptions {
  /** Checks bearer tokens; `undefined` turns auth off (loopback only: see `assertSafeBind`). */
  verifier?: TokenVerifier;
  /**
   * The authorization server the protected-resource metadata names: an SSO
   * issuer, or (default) the origin the request came to — the KM itself.
   */
  authorizationServer?: string;
  /** Builds the MCP server of one session. */
  createServer(identity: TokenIdentity): Promise<McpServer>;
  /** The JSON served at `/mcp/spec`. */
  spec(): Promise<unknown>;
  /** Whether `identity` may read `/mcp/spec`: the missing scope, or `undefined` when it may. */
  specDenied?(identity: TokenIdentity): Promise<string | undefined>;
  /** Sessions idle longer than this are closed (default 30 minutes). */
  sessionIdleMs?: number;
  /** At most this many live sessions (default 64); the least recently used goes first. */
  maxSessions?: number;
  /** Called with transport-level errors (for the KM's log). */
  onError?(error: Error): void;
  now?: () => number;
}

/** A request handler that can also close every live session. */
export interface McpHttpHandler {
  (req: Request): Promise<Response>;
  /** Closes every session (call on server shutdown). */
  close(): Promise<void>;
  /** Number of live sessions. */
  readonly sessionCount: number;
}

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: McpServer;
  clientId: string;
  lastSeen: number;
}

/** Whether a path belongs to this router (so a host server can mount it). */
export function isMcpHttpPath(pathname: string): boolean {
  return pathname === "/mcp" || pathname.startsWith("/mcp/") ||
    pathname.startsWith(RESOURCE_METADATA_PATH);
}

/**
 * Creates the router.
 *
 * @example
 * ```ts
 * const handler = createMcpRouter({ verifier, createServer, spec });
 * Deno.serve({ hostname: "127.0.0.1", port: 0 }, handler);
 * ```
 */
export function createMcpRouter(options: McpRouterOptions): McpHttpHandler {
  const sessions = new Map<string, Session>();
  const now = options.now ?? (() => Date.now());
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessions ?? 64;

  async function authenticate(req: Request): Promise<TokenIdentity | Response> {
    if (!options.verifier) return { clientId: "anonymous", scopes: ["admin"] };
    const base = new URL(req.url).origin;
    const token = bearerToken(req);
    if (token === undefined) return unauthorizedResponse(base, false);
    return (await options.verifier.verify(token, `${base}/mcp`)) ??
      unauthorizedResponse(base, true);
  }

  async function sweep(): Promise<void> {
    const live = [...sessions.entries()].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    for (const [id, session] of live) {
      if (now() - session.lastSeen < idleMs && sessions.size < maxSessions) break;
      sessions.delete(id);
      await session.server.close();
    }
  }

  async function openSession(req: Request, identity: TokenIdentity, token: string) {
    const { WebStandardStreamableHTTPServerTransport, isInitializeRequest } = await import(
      "./deps.ts"
    );
    const { createMemoryEventStore } = await import("./memory_event_store.ts");
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return rpcError(400, -32700, "Parse error: the body is not JSON");
    }
    const messages = Array.isArray(body) ? body : [body];
    if (!messages.some((m) => isInitializeRequest(m))) {
      return rpcError(400, -32000, "Bad Request: send `initialize` first or an Mcp-Session-Id");
    }
    await sweep();
    const server = await options.createServer(identity);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      eventStore: createMemoryEventStore(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, clientId: sessionOwner(identity), lastSeen: now() });
      },
      onsessionclosed: (id) => void sessions.delete(id),
    });
    transport.onerror = (error) => options.onError?.(error);
    await server.connect(transport);
    return transport.handleRequest(req, { parsedBody: body, authInfo: authInfo(identity, token) });
  }

  async function handleMcp(req: Request, identity: TokenIdentity): Promise<Response> {
    const sessionId = req.headers.get("mcp-session-id");
    if (sessionId === null) {
      if (req.method !== "POST") {
        return rpcError(400, -32000, "Bad Request: Mcp-Session-Id header is required");
      }
      return await openSession(req, identity, bearerToken(req) ?? "");
    }
    const session = sessions.get(sessionId);
    // A session is bound to the credential that opened it: another client
    // guessing or stealing the id gets the same answer as for a dead session.
    if (!session || session.clientId !== sessionOwner(identity)) {
      return rpcError(404, -32001, "Session not found: initialize a new session");
    }
    session.lastSeen = now();
    return await session.transport.handleRequest(req, {
      authInfo: authInfo(identity, bearerToken(req) ?? ""),
    });
  }

  const handler = async (req: Request): Promise<Response> => {
    // The KM's listener has run this check already; it is repeated for routers served on their own.
    const refusal = checkHostAndOrigin(req, options);
    if (refusal) {
      const { status, message, hint } = refusal;
      return Response.json({ error: "forbidden", message, hint }, { status });
    }
    const url = new URL(req.url);
    if (url.pathname.startsWith(RESOURCE_METADATA_PATH)) {
      return Response.json(protectedResourceMetadata(url.origin, options.authorizationServer));
    }
    const identity = await authenticate(req);
    if (identity instanceof Response) return identity;
    if (url.pathname === "/mcp/spec") {
      if (req.method !== "GET") {
        return new Response(null, { status: 405, headers: { allow: "GET" } });
      }
      const missing = await options.specDenied?.(identity);
      if (missing !== undefined) {
        return Response.json({
          error: "insufficient_scope",
          message: `${identity.clientId} may not read /mcp/spec: scope ${missing} is missing`,
        }, {
          status: 403,
          headers: { "www-authenticate": `Bearer error="insufficient_scope", scope="${missing}"` },
        });
      }
      return Response.json(await options.spec());
    }
    if (url.pathname === "/mcp") return await handleMcp(req, identity);
    return Response.json({ error: "not_found", message: `no MCP route ${url.pathname}` }, {
      status: 404,
    });
  };

  return Object.defineProperties(handler, {
    close: {
      value: async () => {
        const live = [...sessions.values()];
        sessions.clear();
        for (const session of live) await session.server.close();
      },
    },
    sessionCount: { get: () => sessions.size },
  }) as McpHttpHandler;
}

function authInfo(identity: TokenIdentity, token: string) {
  return { token, clientId: identity.clientId, scopes: [...identity.scopes] };
}

/** A session belongs to one principal with one set of scopes (a narrower token cannot reuse it). */
function sessionOwner(identity: TokenIdentity): string {
  return `${identity.clientId} ${[...identity.scopes].sort().join(" ")}`;
}

function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status });
}

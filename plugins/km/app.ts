/**
 * The KM's request handler, independent of the listening socket: operational
 * endpoints (`/health`, `/ready`, `/status`, `/metrics`) and the JSON API from
 * `routes.ts`. Writes need a token (`auth.ts`: the KM's own, or a job token on
 * the routes of its scopes; 401 with `WWW-Authenticate`, 403 outside a job
 * token's scopes), and so do reads when the KM serves other machines
 * (`readsNeedToken`); bodies are size- and time-limited (413, 408) and must
 * be JSON objects (400), inputs are validated by each handler's zod schema
 * (400), and every error is JSON `{ error: { code, message } }`. A 500 names
 * its code but never the failure's text (which can hold file paths): that
 * goes to the KM's log. Nothing is written unless all checks pass.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import { type AccessRule, kmAuthorizer } from "./auth.ts";
import { type BodyLimits, bodyRefusalResponse, readBodyWithin } from "./body_limit.ts";
import { callHandler } from "./handlers/handler.ts";
import { KmMetrics, PROMETHEUS_TYPE } from "./metrics.ts";
import { observerForStore } from "./project_observer.ts";
import { annotateActiveSpan } from "../../core/telemetry.ts";
import { matchRoute, type RouteMatch } from "./routes.ts";
import type { Logger } from "../../core/log.ts";
import type { KnowledgeStore } from "./store/knowledge_store.ts";
import type { AccessGate } from "../km_auth/access_gate.ts";
import type { TokenVerifier } from "../mcp/http_auth.ts";

/** The logging the app needs: `core/log.ts` loggers and `createServerLogger` both fit. */
export type KmLog = Pick<Logger, "debug" | "info" | "warn" | "error">;

/** What the app needs to know about the running server. */
export interface KmAppOptions {
  token: string;
  instance: string;
  pid: number;
  port: number;
  version: string;
  startedAt: number;
  maxBodyBytes: number;
  /** How long a request body may take to arrive (default 30 s). */
  bodyTimeoutMs?: number;
  /** Reads need a token too (a KM bound to a non-loopback address). */
  readsNeedToken?: boolean;
  log: KmLog;
  now?: () => number;
  /**
   * Tokens besides the KM's own and job tokens (per-user tokens with scopes,
   * SSO JWTs), and the access gate that checks their scopes route by route.
   */
  principals?: { verifiers: readonly TokenVerifier[]; gate: AccessGate };
}

/** A request handler plus its metrics. */
export interface KmApp {
  handle(request: Request): Promise<Response>;
  metrics: KmMetrics;
}

/**
 * Builds the request handler for a store.
 *
 * @example
 * ```ts
 * const app = await createKmApp(store, options);
 * Deno.serve({ port: 0 }, app.handle);
 * ```
 */
export async function createKmApp(store: KnowledgeStore, options: KmAppOptions): Promise<KmApp> {
  const now = options.now ?? Date.now;
  const authorize = await kmAuthorizer(options.token, now);
  const bodyLimits = { maxBytes: options.maxBodyBytes, timeoutMs: options.bodyTimeoutMs ?? 30_000 };
  const readsOpen = !options.readsNeedToken;
  const metrics = new KmMetrics();
  const project = observerForStore(store.path);

  const operational: Record<string, () => Response> = {
    "/health": () =>
      json(200, {
        status: "ok",
        instance: options.instance,
        pid: options.pid,
        port: options.port,
        version: options.version,
        uptimeMs: now() - options.startedAt,
      }),
    "/ready": () => {
      store.ping();
      return json(200, { status: "ready" });
    },
    "/status": () =>
      json(200, {
        status: "ok",
        pid: options.pid,
        port: options.port,
        uptimeMs: now() - options.startedAt,
        counts: store.counts(),
        cache: store.cacheStats(),
        dbBytes: databaseBytes(store.path),
        versions: { superAgents: options.version, ...Deno.version },
      }),
    "/metrics": () =>
      new Response(
        metrics.render({
          uptimeSeconds: (now() - options.startedAt) / 1000,
          counts: store.counts(),
          cache: store.cacheStats(),
          rssBytes: Deno.memoryUsage().rss,
        }, project?.observe(now())),
        { headers: { "content-type": PROMETHEUS_TYPE } },
      ),
  };

  async function route(request: Request, url: URL): Promise<[string, Response]> {
    const ops = operational[url.pathname];
    if (ops) {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return [url.pathname, error(405, "METHOD_NOT_ALLOWED", "use GET", { allow: "GET" })];
      }
      if (url.pathname === "/status" || url.pathname === "/metrics") {
        const refusal = await access(request, { open: readsOpen }, `GET ${url.pathname}`);
        if (refusal) return [url.pathname, refusal];
      }
      return [url.pathname, ops()];
    }
    const { match, allowed } = matchRoute(request.method, url.pathname);
    if (!match) {
      return allowed.length
        ? [
          "other",
          error(405, "METHOD_NOT_ALLOWED", `use ${allowed.join(" or ")}`, {
            allow: allowed.join(", "),
          }),
        ]
        : ["other", error(404, "NOT_FOUND", `no endpoint ${url.pathname}`)];
    }
    return [match.route.path, await api(request, url, match)];
  }

  async function access(
    request: Request,
    rule: AccessRule,
    route: string,
  ): Promise<Response | undefined> {
    const header = request.headers.get("authorization");
    const refusal = await authorize(header, rule);
    if (!refusal) return undefined;
    const scoped = refusal.status === 401 ? await scopedAccess(request, header, route) : undefined;
    if (scoped !== undefined) return scoped ?? undefined;
    return error(refusal.status, refusal.code, refusal.message, {
      "www-authenticate": refusal.challenge,
    });
  }

  /**
   * A token with scopes: `null` when its scopes allow `route`, a 403 naming
   * the missing scope when not, `undefined` when it is no such token.
   */
  async function scopedAccess(
    request: Request,
    header: string | null,
    route: string,
  ): Promise<Response | null | undefined> {
    const presented = header === null ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!options.principals || presented === undefined) return undefined;
    // OAuth access tokens are bound to the MCP endpoint (RFC 8707): not presented here.
    const resource = `${new URL(request.url).origin}/api`;
    for (const verifier of options.principals.verifiers) {
      const identity = await verifier.verify(presented, resource);
      if (!identity) continue;
      const [method, ...path] = route.split(" ");
      const denial = await options.principals.gate.check(
        { id: identity.clientId, scopes: identity.scopes },
        { kind: "route", method, path: path.join(" ") },
      );
      if (!denial) return null;
      return error(403, "INSUFFICIENT_SCOPE", `${denial.principal} may not ${denial.action}`, {
        "www-authenticate": `Bearer realm="super-agents-km", error="insufficient_scope", ` +
          `scope="${denial.missing}"`,
      }, { missingScope: denial.missing });
    }
    return undefined;
  }

  async function api(request: Request, url: URL, { route, params }: RouteMatch) {
    const open = readsOpen && !route.handler.mutates;
    const refusal = await access(
      request,
      { open, jobScope: route.jobScope },
      `${route.method} ${route.path}`,
    );
    if (refusal) return refusal;
    let input: Record<string, unknown>;
    if (route.method === "GET" || route.method === "DELETE") {
      input = { ...Object.fromEntries(url.searchParams), ...params };
    } else {
      const body = await readJsonObject(request, bodyLimits);
      if (body instanceof Response) return body;
      input = { ...body, ...params };
    }
    const output = await callHandler(route.handler, store, input);
    const status = route.status === 201 && isDuplicate(output) ? 200 : route.status ?? 200;
    return json(status, output);
  }

  async function handle(request: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(request.url);
    let label = "other";
    let response: Response;
    try {
      [label, response] = await route(request, url);
    } catch (caught) {
      response = errorResponse(caught, options.log, request, url);
    }
    metrics.observe(label, request.method, response.status, (performance.now() - started) / 1000);
    annotateActiveSpan(`${request.method} ${label}`, { "http.route": label });
    return response;
  }

  return { handle, metrics };
}

async function readJsonObject(
  request: Request,
  limits: BodyLimits,
): Promise<Record<string, unknown> | Response> {
  const bytes = await readBodyWithin(request, limits);
  if (!(bytes instanceof Uint8Array)) return bodyRefusalResponse(bytes);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (caught) {
    return error(400, "MALFORMED_JSON", `the body is not valid JSON: ${(caught as Error).message}`);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return error(400, "INVALID_INPUT", "the body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

function errorResponse(caught: unknown, log: KmLog, request: Request, url: URL): Response {
  if (caught instanceof SuperAgentsError) {
    if (caught.code === "KM_INVALID_INPUT") {
      return error(400, "INVALID_INPUT", caught.message, {}, caught.details);
    }
    if (caught.code === "KM_NOT_FOUND") return error(404, "NOT_FOUND", caught.message);
  }
  const message = caught instanceof Error ? caught.message : String(caught);
  log.error("request failed", {
    method: request.method,
    path: url.pathname,
    code: caught instanceof SuperAgentsError ? caught.code : "INTERNAL",
    error: message,
    cause: caught instanceof Error && caught.cause instanceof Error
      ? caught.cause.message
      : undefined,
  });
  const code = caught instanceof SuperAgentsError ? caught.code : "INTERNAL";
  // The message can name files (the database's path, for one): it stays in the log.
  return error(500, code, `the KM failed to serve this request (${code})`, {}, {
    hint: "see the KM's log: `super-agents logs -n 50`",
  });
}

function isDuplicate(output: unknown): boolean {
  return typeof output === "object" && output !== null &&
    (output as { duplicate?: unknown }).duplicate === true;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function error(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details: Record<string, unknown> = {},
): Response {
  return json(status, { error: { code, message, ...details } }, headers);
}

function databaseBytes(path: string): number {
  let total = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      total += Deno.statSync(file).size;
    } catch (caught) {
      if (!(caught instanceof Deno.errors.NotFound)) throw caught; // no WAL yet is normal
    }
  }
  return total;
}

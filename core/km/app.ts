/**
 * The KM's request handler, independent of the listening socket: operational
 * endpoints (`/health`, `/ready`, `/status`, `/metrics`) and the JSON API from
 * `routes.ts`. Writes need the bearer token (401 with `WWW-Authenticate`),
 * bodies are size-limited (413) and must be JSON objects (400), inputs are
 * validated by each handler's zod schema (400), and every error is JSON
 * `{ error: { code, message } }`. Nothing is written unless all checks pass.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import { bearerChecker } from "./auth.ts";
import { callHandler } from "./handlers/handler.ts";
import { KmMetrics, PROMETHEUS_TYPE } from "./metrics.ts";
import { observerForStore } from "./project_observer.ts";
import { annotateActiveSpan } from "../telemetry.ts";
import { matchRoute, type RouteMatch } from "./routes.ts";
import type { Logger } from "../log.ts";
import type { KnowledgeStore } from "./store/knowledge_store.ts";

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
  log: KmLog;
  now?: () => number;
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
  const checkAuth = await bearerChecker(options.token);
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

  async function api(request: Request, url: URL, { route, params }: RouteMatch) {
    if (route.handler.mutates) {
      const failure = await checkAuth(request.headers.get("authorization"));
      if (failure) {
        const challenge = failure === "missing"
          ? 'Bearer realm="super-agents-km"'
          : 'Bearer realm="super-agents-km", error="invalid_token"';
        return error(401, "UNAUTHORIZED", "a valid bearer token is required for writes", {
          "www-authenticate": challenge,
        });
      }
    }
    let input: Record<string, unknown>;
    if (route.method === "GET" || route.method === "DELETE") {
      input = { ...Object.fromEntries(url.searchParams), ...params };
    } else {
      const body = await readJsonObject(request, options.maxBodyBytes);
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
  maxBytes: number,
): Promise<Record<string, unknown> | Response> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) return tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body) {
      size += chunk.byteLength;
      if (size > maxBytes) return tooLarge(maxBytes);
      chunks.push(chunk);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
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
  return error(500, code, message);
}

function isDuplicate(output: unknown): boolean {
  return typeof output === "object" && output !== null &&
    (output as { duplicate?: unknown }).duplicate === true;
}

function tooLarge(maxBytes: number): Response {
  return error(413, "PAYLOAD_TOO_LARGE", `the body exceeds ${maxBytes} bytes`, {}, {
    hint: "split the content, or raise km.maxBodyBytes with `super-agents config set`",
  });
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

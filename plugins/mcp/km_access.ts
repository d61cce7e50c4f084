/**
 * How the MCP server reaches the project's knowledge store: through the
 * running KM over HTTP when the state files say one is up (the KM keeps the
 * hot-query cache and is the one writer), else by opening the store directly.
 * Both paths run the same KM handlers (`plugins/km/handlers`), and the HTTP path
 * finds each handler's route in the KM's own route table, so nothing of the
 * KM's logic is repeated here.
 *
 * The KM can restart under a long MCP session (new port, new token). On a
 * connection error or a 401 the state files are read again and the call is
 * retried once; with no KM left, the call falls back to the store.
 * @module
 */

import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import type { KmHandler } from "../km/handlers/handler.ts";
import { kmUrl } from "../../core/km_client/health_probe.ts";
import type { Route } from "../km/routes.ts";
import { readKmState } from "../km/state.ts";
import type { KnowledgeStore } from "../km/store/knowledge_store.ts";
import type { ProjectPaths } from "../../core/paths.ts";

/** Runs KM handlers, over HTTP or in process. */
export interface KmAccess {
  call(handler: KmHandler, input: unknown): Promise<unknown>;
  /** How the last call was served. */
  readonly mode: "http" | "direct" | "unused";
  close(): void;
}

/** Options of {@linkcode createKmAccess}. */
export interface KmAccessOptions {
  /** Never use HTTP (the KM's own `/mcp` route, which already holds the store). */
  store?: KnowledgeStore;
  /** Log line sink (stderr for the STDIO server). */
  log?: (message: string) => void;
  /** Per-request timeout over HTTP (default 30 s). */
  timeoutMs?: number;
}

interface Endpoint {
  base: string;
  token: string;
}

/**
 * Creates the access object for a project.
 *
 * @example
 * ```ts
 * const km = createKmAccess(paths);
 * const hits = await km.call(searchKnowledge, { q: "auth" });
 * ```
 */
export function createKmAccess(paths: ProjectPaths, options: KmAccessOptions = {}): KmAccess {
  let endpoint: Endpoint | undefined | null = null; // null: not looked up yet
  let store: Promise<KnowledgeStore> | undefined = options.store
    ? Promise.resolve(options.store)
    : undefined;
  let mode: KmAccess["mode"] = "unused";
  const log = options.log ?? (() => {});

  async function lookUp(): Promise<Endpoint | undefined> {
    if (options.store) return undefined;
    const read = await readKmState(paths);
    if (read.kind !== "complete") {
      log("no running KM found: using the store directly");
      return undefined;
    }
    const base = kmUrl(read.state.started.host, read.state.port);
    log(`using the KM at ${base}`);
    return { base, token: read.state.token };
  }

  async function direct(handler: KmHandler, input: unknown): Promise<unknown> {
    if (!store) {
      store = (async () => {
        const { KnowledgeStore, registryDbPath } = await import(
          "../km/store/knowledge_store.ts"
        );
        return await KnowledgeStore.open(registryDbPath(paths));
      })();
      store.catch(() => (store = undefined)); // retry the open on the next call
    }
    const { callHandler } = await import("../km/handlers/handler.ts");
    mode = "direct";
    return await callHandler(handler, await store, input);
  }

  return {
    get mode() {
      return mode;
    },
    async call(handler, input) {
      if (endpoint === null) endpoint = await lookUp();
      if (endpoint === undefined) return await direct(handler, input);
      try {
        return await viaHttp(endpoint, handler, input, options.timeoutMs ?? 30_000, () => {
          mode = "http";
        });
      } catch (error) {
        if (!(error instanceof KmUnreachable)) throw error;
        const before = endpoint.base;
        endpoint = await lookUp();
        log(
          `KM at ${before} ${error.message}; ${
            endpoint ? `retrying at ${endpoint.base}` : "using the store directly"
          }`,
        );
        if (endpoint === undefined) return await direct(handler, input);
        try {
          return await viaHttp(endpoint, handler, input, options.timeoutMs ?? 30_000, () => {
            mode = "http";
          });
        } catch (retryError) {
          if (!(retryError instanceof KmUnreachable)) throw retryError;
          endpoint = null; // look again next time; serve this call from the store
          return await direct(handler, input);
        }
      }
    },
    close() {
      store?.then((s) => s.close(), () => {/* an open that failed left nothing to close */});
      store = undefined;
    },
  };
}

/** The KM did not answer, or no longer accepts our token: look again. */
class KmUnreachable extends Error {}

async function viaHttp(
  endpoint: Endpoint,
  handler: KmHandler,
  input: unknown,
  timeoutMs: number,
  onServed: () => void,
): Promise<unknown> {
  const { apiRoutes } = await import("../km/routes.ts");
  const route = apiRoutes.find((r) => r.handler === handler);
  if (!route) {
    throw new SuperAgentsError("KM_NO_ROUTE", `the KM has no HTTP route for ${handler.name}`, {
      hint: "report this; the KM route table and its handlers disagree",
    });
  }
  const request = buildRequest(endpoint, route, input);
  let response: Response;
  try {
    response = await fetch(request.url, {
      ...request.init,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new KmUnreachable(`did not answer (${errorMessage(error)})`);
  }
  if (response.status === 401) {
    await response.body?.cancel();
    throw new KmUnreachable("refused our token (it restarted with a new one)");
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw new SuperAgentsError(
      "KM_BAD_RESPONSE",
      `the KM answered ${response.status} without JSON`,
      {
        hint: "check `super-agents logs`",
        cause: error,
      },
    );
  }
  if (!response.ok) throw kmError(handler, response.status, body);
  onServed();
  return body;
}

function buildRequest(endpoint: Endpoint, route: Route, input: unknown) {
  const fields = input !== null && typeof input === "object" && !Array.isArray(input)
    ? { ...(input as Record<string, unknown>) }
    : {};
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = fields[name];
    delete fields[name];
    return encodeURIComponent(String(value ?? ""));
  });
  const url = new URL(path, endpoint.base);
  const headers: Record<string, string> = { authorization: `Bearer ${endpoint.token}` };
  if (route.method === "GET" || route.method === "DELETE") {
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return { url, init: { method: route.method, headers } };
  }
  headers["content-type"] = "application/json";
  return { url, init: { method: route.method, headers, body: JSON.stringify(fields) } };
}

function kmError(handler: KmHandler, status: number, body: unknown): SuperAgentsError {
  const error = (body as { error?: { code?: string; message?: string; hint?: string } })?.error;
  return new SuperAgentsError(
    error?.code ?? "KM_ERROR",
    error?.message ?? `${handler.name} failed with HTTP ${status}`,
    { hint: error?.hint, exitCode: status >= 400 && status < 500 ? 2 : 1 },
  );
}

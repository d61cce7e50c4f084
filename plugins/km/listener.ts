/**
 * The KM's socket, bound before anything heavy is loaded. `km serve` binds
 * its port and writes the state files first (a few light modules, no zod);
 * `/health` answers once the server has opened the store and announced
 * itself, so the `/health` that `start` waits for means a KM that can serve.
 * The HTTP API and plugin mounts open when the first request needs them; a
 * request that arrives meanwhile waits for them (or gets a 503 if they fail
 * to open). `/ready` answers only once the API is open too. Every request,
 * `/health` included, first passes the Host/Origin check (`host_guard.ts`).
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { HealthBody } from "../../core/km_client/health_probe.ts";
import { checkHostAndOrigin, guardRefusalResponse } from "../../core/km_client/host_guard.ts";

/** Exit code of `km serve` when its port was taken before it could bind. */
export const EXIT_PORT_IN_USE = 75;

/** What `/health` reports before the full app takes over. */
export type HealthFacts = Omit<HealthBody, "status" | "uptimeMs"> & { startedAt: number };

/** A bound KM port whose request handling is switched on in steps. */
export interface KmListener {
  host: string;
  port: number;
  server: Deno.HttpServer;
  /** Starts answering `/health` (call once the KM can serve: state written, store open). */
  announce(facts: HealthFacts): void;
  /** Hands every request, `/health` included, to `handler`. */
  ready(handler: (request: Request) => Promise<Response>): void;
  /**
   * Runs `open` once, when the first request other than `/health` arrives
   * (at once if one already waits); `open` ends by calling `ready` or `fail`.
   */
  openOnDemand(open: () => Promise<void>): void;
  /** Opening the app failed: waiting and later requests get a 503 naming `error`. */
  fail(error: Error): void;
  /**
   * Resolves once a `/health` has been answered (and its response had an
   * event-loop turn to be written), or after `timeoutMs`. Loading the app
   * evaluates zod and ~70 modules synchronously, which would hold back the
   * answer `start` is polling for by 100-200 ms; waiting for it first costs
   * at most one poll interval.
   */
  healthAnswered(timeoutMs: number): Promise<void>;
}

/** Options of {@linkcode listenKm}. */
export interface ListenOptions {
  /** Host names (no port) accepted besides loopback: those of a remote-enabled KM. */
  allowedHosts?: readonly string[];
}

/**
 * Binds `host:port` now. A taken port throws `KM_PORT_IN_USE` with exit code
 * {@linkcode EXIT_PORT_IN_USE}, which tells `start` to pick another port.
 *
 * @example
 * ```ts
 * const listener = listenKm("127.0.0.1", 5001);
 * listener.announce({ instance, pid: Deno.pid, port: 5001, version, startedAt });
 * listener.ready(app.handle);
 * ```
 */
export function listenKm(host: string, port: number, options: ListenOptions = {}): KmListener {
  const guard = { port, allowedHosts: options.allowedHosts };
  let facts: HealthFacts | undefined;
  let handler: ((request: Request) => Promise<Response>) | undefined;
  let failure: Error | undefined;
  const announced = Promise.withResolvers<void>();
  const answered = Promise.withResolvers<void>();
  let opener: (() => Promise<void>) | undefined;
  let wanted = false;
  let opening = false;
  const demand = () => {
    wanted = true;
    if (opener && !opening) {
      opening = true;
      void opener();
    }
  };
  const opened = Promise.withResolvers<(request: Request) => Promise<Response>>();
  // Rejections are read by waiting requests; one with none waiting is not an error here.
  opened.promise.catch(() => {});

  async function early(request: Request): Promise<Response> {
    if (failure) return unavailable(failure);
    const { pathname } = new URL(request.url);
    if (pathname === "/health" && request.method === "GET") {
      await announced.promise;
      if (failure) return unavailable(failure); // it failed before it could announce
      const body: HealthBody = {
        status: "ok",
        instance: facts!.instance,
        pid: facts!.pid,
        port: facts!.port,
        version: facts!.version,
        uptimeMs: Date.now() - facts!.startedAt,
      };
      // A macrotask later the response has been handed to the socket.
      setTimeout(answered.resolve, 0);
      return Response.json(body);
    }
    demand();
    try {
      return await (await opened.promise)(request);
    } catch (error) {
      if (failure && error === failure) return unavailable(failure);
      throw error;
    }
  }

  let server: Deno.HttpServer;
  try {
    server = Deno.serve(
      { hostname: host, port, onListen: () => {} },
      (request) => {
        const refusal = checkHostAndOrigin(request, guard);
        if (refusal) return guardRefusalResponse(refusal);
        return handler ? handler(request) : early(request);
      },
    );
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new SuperAgentsError("KM_PORT_IN_USE", `port ${port} on ${host} is already in use`, {
        hint: "run `super-agents start` again; it picks another free port",
        exitCode: EXIT_PORT_IN_USE,
        cause: error,
      });
    }
    throw error;
  }
  return {
    host,
    port,
    server,
    announce(value) {
      facts = value;
      announced.resolve();
    },
    ready(value) {
      handler = value;
      opened.resolve(value);
    },
    fail(error) {
      failure = error;
      announced.resolve(); // a waiting /health answers 503 now
      opened.reject(error);
    },
    openOnDemand(open) {
      opener = open;
      if (wanted) demand();
    },
    async healthAnswered(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs));
      await Promise.race([answered.promise, timeout]);
      clearTimeout(timer);
    },
  };
}

function unavailable(error: Error): Response {
  return Response.json(
    { error: { code: "KM_UNAVAILABLE", message: `the KM failed to open: ${error.message}` } },
    { status: 503 },
  );
}

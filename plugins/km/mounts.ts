/**
 * Request handlers mounted on the KM's server: those plugins contribute
 * (`kmMounts` in their manifests: the km plugin's dashboard, the MCP
 * transport at `/mcp`, ...), read from the plugin host, in plugin order. The core never imports a
 * plugin: a contributed mount's module loads when `km serve` creates the
 * mount, on the first request it owns. A mount owns the paths its `matches`
 * accepts (for a contribution: its `paths`, exact or prefixes ending in `/`).
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import type { Logger } from "../../core/log.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { PluginHost } from "../../core/plugin_host/host.ts";
import type { KnowledgeStore } from "./store/knowledge_store.ts";

/** What a mount factory receives from the running KM. */
export interface KmMountContext {
  ctx: Context;
  paths: ProjectPaths;
  config: Config;
  /** The address the server binds. */
  host: string;
  /** The project's bearer token (`km.token`). */
  token: string;
  /** The KM's open store (use it in process, not over HTTP). */
  store: KnowledgeStore;
  log: Logger;
  /**
   * The alerts of the mounts that add to the KM's monitoring (`metrics`
   * contributions with an `alerts()`), for the dashboard; given by
   * {@linkcode withKmMounts}.
   */
  contributedAlerts?: () => Promise<KmAlert[]>;
}

/** An alert a mount shows on the dashboard's Alerts panel. */
export interface KmAlert {
  level: "warning" | "critical";
  /** Stable, upper case, prefixed by the plugin (`ANALYTICS_REGRESSION`). */
  code: string;
  message: string;
  /** The command that helps. */
  hint?: string;
}

/** A created mount. */
export interface KmMount {
  handle(request: Request): Promise<Response>;
  /**
   * Prometheus text families appended to the KM's `/metrics` (for a
   * contribution with `metrics: true`); their names must not clash with the
   * KM's.
   */
  metrics?(): string | Promise<string>;
  /** Its open alerts, shown on the dashboard (for a contribution with `metrics: true`). */
  alerts?(): KmAlert[] | Promise<KmAlert[]>;
  /** Called on graceful shutdown, before the store closes. */
  close(): Promise<void>;
}

/** A mount the KM can create: which paths it owns and how to create it. */
export interface KmMountEntry {
  name: string;
  matches(pathname: string): boolean;
  /** The mount adds families to `/metrics` and may give alerts (created on first use). */
  metrics?: boolean;
  create(context: KmMountContext): Promise<KmMount>;
}

/** The module a `kmMounts` contribution names exports `createMount`. */
export interface KmMountModule {
  createMount(context: KmMountContext): Promise<KmMount>;
}

/**
 * Whether `paths` (exact paths, or prefixes ending in `/`) owns `pathname`.
 * `/` alone is the root page, exact: no mount owns every path.
 *
 * @example
 * ```ts
 * ownsPath(["/mcp", "/mcp/"], "/mcp/spec"); // true
 * ownsPath(["/mcp", "/mcp/"], "/mcpx"); // false
 * ownsPath(["/"], "/health"); // false
 * ```
 */
export function ownsPath(paths: readonly string[], pathname: string): boolean {
  return paths.some((path) =>
    path !== "/" && path.endsWith("/") ? pathname.startsWith(path) : pathname === path
  );
}

/**
 * The mounts the plugins of `host` contribute, as entries: each owns its
 * `paths`, and its module loads when it is first created.
 *
 * @example
 * ```ts
 * const entries = contributedKmMounts(pluginHost());
 * ```
 */
export function contributedKmMounts(host: PluginHost): KmMountEntry[] {
  return host.kmMounts().map((mount) => ({
    name: mount.contribution.name,
    matches: (pathname) => ownsPath(mount.contribution.paths, pathname),
    ...(mount.contribution.metrics ? { metrics: true } : {}),
    create: async (context) => await (await mount.load<KmMountModule>()).createMount(context),
  }));
}

/**
 * Returns a handler that routes to the `registered` mounts before `next`. Each
 * mount is created on the first request it owns, not at start-up: the MCP
 * and dashboard handlers add ~20 MB of resident memory and their module
 * graphs to a KM that may never be asked for them (`scripts/bench/km.ts`
 * measures the idle KM). A failed creation answers 503, is logged, and is
 * retried by the next request. A successful `GET /metrics` gets the
 * families of the mounts that add to it (`metrics`); one that fails is
 * logged and left out, so the KM's own metrics are always served.
 */
export function withKmMounts(
  context: KmMountContext,
  next: (request: Request) => Promise<Response>,
  registered: readonly KmMountEntry[],
): Promise<{ handle: (request: Request) => Promise<Response>; close: () => Promise<void> }> {
  if (registered.length === 0) {
    return Promise.resolve({ handle: next, close: () => Promise.resolve() });
  }
  const created = new Map<KmMountEntry, Promise<KmMount>>();
  const contributors = registered.filter((entry) => entry.metrics);
  const full: KmMountContext = { ...context, contributedAlerts };
  async function contributedAlerts(): Promise<KmAlert[]> {
    const alerts: KmAlert[] = [];
    for (const entry of contributors) {
      try {
        alerts.push(...(await (await mountFor(entry)).alerts?.() ?? []));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.log.error("mount alerts failed", { mount: entry.name, error: message });
      }
    }
    return alerts;
  }
  const mountFor = (entry: KmMountEntry): Promise<KmMount> => {
    let mount = created.get(entry);
    if (!mount) {
      mount = entry.create(full);
      created.set(entry, mount);
      // A failed creation is forgotten so the next request tries again.
      mount.catch(() => created.delete(entry));
    }
    return mount;
  };
  async function withContributed(response: Response): Promise<Response> {
    if (response.status !== 200) return response;
    const parts = [await response.text()];
    for (const entry of contributors) {
      try {
        const text = await (await mountFor(entry)).metrics?.();
        if (text) parts.push(text.endsWith("\n") ? text : text + "\n");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.log.error("mount metrics failed", { mount: entry.name, error: message });
      }
    }
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(parts.join(""), { status: 200, headers });
  }
  return Promise.resolve({
    async handle(request: Request): Promise<Response> {
      const { pathname } = new URL(request.url);
      if (pathname === "/metrics" && request.method === "GET" && contributors.length) {
        return await withContributed(await next(request));
      }
      const owner = registered.find((entry) => entry.matches(pathname));
      if (!owner) return await next(request);
      let mount: KmMount;
      try {
        mount = await mountFor(owner);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        context.log.error("mount failed to start", { mount: owner.name, error: message });
        return Response.json(
          { error: { code: "KM_MOUNT_FAILED", message: `${owner.name}: ${message}` } },
          { status: 503 },
        );
      }
      return await mount.handle(request);
    },
    async close() {
      for (const pending of created.values()) {
        let mount: KmMount;
        try {
          mount = await pending;
        } catch {
          continue; // never started (its failure was logged): nothing to close
        }
        await mount.close();
      }
    },
  });
}

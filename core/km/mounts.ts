/**
 * Request handlers that plugins mount on the KM's server (the MCP transport
 * at `/mcp`, for one). The core never imports a plugin: a plugin registers a
 * lazy factory here at start-up, and `km serve` creates each mount once its
 * store and token exist. A mount owns the paths its `matches` accepts.
 * @module
 */

import type { Config } from "../config/schema.ts";
import type { Context } from "../context.ts";
import type { Logger } from "../log.ts";
import type { ProjectPaths } from "../paths.ts";
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
}

/** A created mount. */
export interface KmMount {
  handle(request: Request): Promise<Response>;
  /** Called on graceful shutdown, before the store closes. */
  close(): Promise<void>;
}

/** A registered mount: which paths it owns and how to create it. */
export interface KmMountEntry {
  name: string;
  matches(pathname: string): boolean;
  create(context: KmMountContext): Promise<KmMount>;
}

const entries = new Map<string, KmMountEntry>();

/**
 * Registers a mount (idempotent by name).
 *
 * @example
 * ```ts
 * registerKmMount({
 *   name: "mcp",
 *   matches: (path) => path === "/mcp",
 *   create: async (mc) => (await import("./my_handler.ts")).createHandler(mc),
 * });
 * ```
 */
export function registerKmMount(entry: KmMountEntry): void {
  entries.set(entry.name, entry);
}

/** Every registered mount. */
export function kmMountEntries(): KmMountEntry[] {
  return [...entries.values()];
}

/** Creates every registered mount and returns a handler that routes to them before `next`. */
export async function withKmMounts(
  context: KmMountContext,
  next: (request: Request) => Promise<Response>,
): Promise<{ handle: (request: Request) => Promise<Response>; close: () => Promise<void> }> {
  const created: { entry: KmMountEntry; mount: KmMount }[] = [];
  for (const entry of kmMountEntries()) {
    created.push({ entry, mount: await entry.create(context) });
  }
  if (created.length === 0) return { handle: next, close: () => Promise.resolve() };
  return {
    handle(request) {
      const { pathname } = new URL(request.url);
      const owner = created.find(({ entry }) => entry.matches(pathname));
      return owner ? owner.mount.handle(request) : next(request);
    },
    async close() {
      for (const { mount } of created) await mount.close();
    },
  };
}

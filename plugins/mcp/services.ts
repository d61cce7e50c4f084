/**
 * What the MCP tools reach in a project: the knowledge store (through
 * {@linkcode KmAccess}), the task queue, the agent catalog and the event log.
 * Each is opened on first use and closed with the server, so `tools/list`
 * touches no database and a session that only searches knowledge never opens
 * the queue.
 * @module
 */

import { join } from "node:path";
import type { Config } from "../../core/config/schema.ts";
import { createContext } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { KnowledgeStore } from "../km/store/knowledge_store.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { Job, TaskQueue } from "../../core/queue/queue.ts";
import type { Catalog } from "../../agents/catalog.ts";
import { createKmAccess, type KmAccess } from "./km_access.ts";
import { freshPluginHost } from "../../core/plugin_host/external/host_refresh.ts";
import { maybePluginHost } from "../../core/plugin_host/current.ts";

/** The project as the tools see it. */
export interface McpServices {
  paths: ProjectPaths;
  config: Config;
  km: KmAccess;
  queue(): Promise<TaskQueue>;
  /** A job, or a clear "not found" error. */
  requireJob(id: string): Promise<Job>;
  /**
   * The agent catalog: re-parsed when `.claude/agents/*.md` change, and with
   * the plugin host rebuilt when a plugins file changes (checked once a second).
   */
  catalog(): Promise<Catalog>;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@linkcode createServices}. */
export interface ServicesOptions {
  /** An open store to use instead of HTTP/direct access (inside the KM). */
  store?: KnowledgeStore;
  /** Diagnostic lines (the STDIO server sends them to stderr). */
  log?: (message: string) => void;
  now?: () => number;
}

/**
 * Creates the services of a project.
 *
 * @example
 * ```ts
 * const services = createServices(paths, config, { log: (m) => console.error(m) });
 * const queue = await services.queue();
 * await services.close();
 * ```
 */
export function createServices(
  paths: ProjectPaths,
  config: Config,
  options: ServicesOptions = {},
): McpServices {
  const now = options.now ?? (() => Date.now());
  const km = createKmAccess(paths, { store: options.store, log: options.log });
  let queue: Promise<TaskQueue> | undefined;
  let catalog: { at: number; signature: string; value: Promise<Catalog> } | undefined;
  // The plugin host the catalog's plugin agents come from; rebuilt when a plugins file changed.
  let catalogHost = maybePluginHost();

  const services: McpServices = {
    paths,
    config,
    km,
    now,
    queue() {
      if (!queue) {
        queue = (async () => {
          const { openQueue } = await import("../../core/queue/queue.ts");
          return await openQueue(paths, config);
        })();
        queue.catch(() => (queue = undefined)); // open again on the next call
      }
      return queue;
    },
    async requireJob(id) {
      const job = await (await services.queue()).get(id);
      if (!job) {
        throw new SuperAgentsError("TASK_NOT_FOUND", `no task with id ${id}`, {
          hint: "list tasks with task_list",
        });
      }
      return job;
    },
    async catalog() {
      if (catalog && now() - catalog.at <= 1000) return await catalog.value;
      const signature = await agentFilesSignature(paths.agents);
      const host = await freshPluginHost();
      if (catalog?.signature !== signature || host !== catalogHost) {
        catalogHost = host;
        const value = loadProjectCatalog(paths);
        value.catch(() => (catalog = undefined)); // load again on the next call
        catalog = { at: now(), signature, value };
      } else {
        catalog.at = now();
      }
      return await catalog.value;
    },
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    async close() {
      km.close();
      const open = queue;
      queue = undefined;
      if (open) await (await open).close();
    },
  };
  return services;
}

/**
 * Names, sizes and modification times of the project's agent files: the
 * catalog is parsed again only when this changes.
 */
async function agentFilesSignature(dir: string): Promise<string> {
  const parts: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.name.endsWith(".md")) continue;
      const info = await Deno.stat(join(dir, entry.name));
      parts.push(`${entry.name}:${info.size}:${info.mtime?.getTime()}`);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "none"; // no project agents
    throw error;
  }
  return parts.sort().join("|");
}

async function loadProjectCatalog(paths: ProjectPaths): Promise<Catalog> {
  const { loadAgentEnvironment } = await import("../../agents/load_catalog.ts");
  const ctx = createContext({ cwd: paths.root });
  return (await loadAgentEnvironment(ctx)).catalog;
}

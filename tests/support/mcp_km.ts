/**
 * Test support: a KM in this process — the KM's own app (`createKmApp`) on
 * the project's store with the MCP handler mounted in front, as the KM server
 * mounts it — on a loopback port chosen by the OS.
 * @module
 */

import { join } from "node:path";
import { defaultConfig } from "../../core/config/schema.ts";
import { createKmApp } from "../../plugins/km/app.ts";
import { createServerLogger } from "../../plugins/km/server_log.ts";
import { instanceIdOf, newToken } from "../../plugins/km/state.ts";
import { KnowledgeStore, registryDbPath } from "../../plugins/km/store/knowledge_store.ts";
import { type ProjectPaths, projectPaths } from "../../core/paths.ts";
import { installBuiltinPlugins } from "../../plugins/builtin.ts";
import {
  createMcpHttpHandler,
  type McpHttpHandler,
  withMcpRoutes,
} from "../../plugins/mcp/http_handler.ts";

/** A running in-process KM with MCP. */
export interface TestKm {
  base: string;
  token: string;
  paths: ProjectPaths;
  store: KnowledgeStore;
  mcp: McpHttpHandler;
  stop(): Promise<void>;
}

/** Starts the KM of the project at `root`; `userStorePath` enables per-user tokens. */
export async function startTestKm(root: string, userStorePath?: string): Promise<TestKm> {
  installBuiltinPlugins(); // the MCP tools read the catalog, whose local agents are a plugin's
  const paths = projectPaths(root);
  await Deno.mkdir(join(root, ".claude", "registry"), { recursive: true });
  const store = await KnowledgeStore.open(registryDbPath(paths));
  const token = newToken();
  const config = defaultConfig();
  const log = createServerLogger({ component: "km-test", level: "error", write: () => {} });
  const mcp = createMcpHttpHandler(paths, {
    config,
    hostname: "127.0.0.1",
    projectToken: token,
    userStorePath,
    store,
  });
  let port = 0;
  const app = await createKmApp(store, {
    token,
    instance: await instanceIdOf(token),
    pid: Deno.pid,
    port,
    version: "test",
    startedAt: Date.now(),
    maxBodyBytes: config.km.maxBodyBytes,
    log,
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    withMcpRoutes(app.handle, mcp),
  );
  port = server.addr.port;
  return {
    base: `http://127.0.0.1:${port}`,
    token,
    paths,
    store,
    mcp,
    async stop() {
      await mcp.close();
      await server.shutdown();
      store.close();
    },
  };
}

/**
 * Mounts the MCP Streamable HTTP transport on every KM (`/mcp`, `/mcp/spec`,
 * `/.well-known/oauth-protected-resource`). Imported at start-up by
 * `plugins/register.ts`; it loads nothing heavy: the handler module is
 * imported when a KM starts, and the MCP SDK on the first `/mcp` request.
 * @module
 */

import { importModule } from "../../core/lazy_import.ts";
import { registerKmMount } from "../../core/km/mounts.ts";

const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

/** Registers the MCP mount (idempotent). */
export function registerMcpMount(): void {
  registerKmMount({
    name: "mcp",
    matches: (pathname) =>
      pathname === "/mcp" || pathname.startsWith("/mcp/") ||
      pathname.startsWith(RESOURCE_METADATA_PATH),
    async create({ ctx, paths, config, host, token, store, log }) {
      const { createMcpHttpHandler } = await importModule<typeof import("./http_handler.ts")>(
        new URL("./http_handler.ts", import.meta.url),
      );
      const { tokenStorePath } = await importModule<typeof import("./token_store.ts")>(
        new URL("./token_store.ts", import.meta.url),
      );
      const handler = createMcpHttpHandler(paths, {
        config,
        hostname: host,
        projectToken: token,
        userStorePath: tokenStorePath(ctx),
        store,
        onError: (error) => log.warn("mcp transport error", { error: error.message }),
      });
      return { handle: (request) => handler(request), close: () => handler.close() };
    },
  });
}

registerMcpMount();

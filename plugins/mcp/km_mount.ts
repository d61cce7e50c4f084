/**
 * The MCP Streamable HTTP transport as a KM mount (`/mcp`, `/mcp/spec`,
 * `/.well-known/oauth-protected-resource`): the plugin host loads this
 * module when the KM gets its first request on one of those paths; the MCP
 * SDK itself loads on the first `/mcp` request.
 * @module
 */

import type { KmMount, KmMountContext } from "../km/mounts.ts";
import { createMcpHttpHandler } from "./http_handler.ts";
import { tokenStorePath } from "./token_store.ts";
import { createResourceServer } from "../km_auth/resource_server.ts";

/**
 * Creates the mount on the running KM's store, token and address.
 *
 * @example
 * ```ts
 * const mount = await createMount({ ctx, paths, config, host, token, store, log });
 * await mount.handle(new Request("http://127.0.0.1:5001/mcp", { method: "POST" }));
 * ```
 */
export async function createMount(context: KmMountContext): Promise<KmMount> {
  const { ctx, paths, config, host, token, store, log } = context;
  const resource = await createResourceServer({
    ctx,
    paths,
    config,
    warn: (message, fields) => log.warn(message, fields),
  });
  const handler = createMcpHttpHandler(paths, {
    config,
    hostname: host,
    projectToken: token,
    userStorePath: tokenStorePath(ctx),
    store,
    onError: (error) => log.warn("mcp transport error", { error: error.message }),
    verifiers: resource.verifiers,
    authorizationServer: resource.authorizationServer,
    gate: resource.gate,
  });
  return {
    handle: (request) => handler(request),
    async close() {
      await handler.close();
      await resource.close();
    },
  };
}

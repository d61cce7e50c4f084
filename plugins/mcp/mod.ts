/**
 * The `mcp` plugin's manifest: the project and every agent as MCP servers
 * (STDIO through `super-agents mcp`, Streamable HTTP mounted on the KM by
 * `km_mount.ts`). Agents as MCP clients are the runtime's (`agents/mcp/`). The
 * SDK is loaded by the code paths that speak MCP, never at start-up. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "mcp",
  version: "1.0.0",
  kind: "transport",
  summary: "MCP servers over STDIO and Streamable HTTP; agents as MCP clients",
  // STDIO MCP servers are programs an agent's `.mcp.json` names.
  permissions: { read: true, write: true, net: true, run: true, env: true },
  commands: [{
    name: "mcp",
    summary: "serve the project (or one agent) over MCP; inspect and call tools",
    module: new URL("./command.ts", import.meta.url),
  }],
  kmMounts: [{
    name: "mcp",
    paths: [
      "/mcp",
      "/mcp/",
      "/.well-known/oauth-protected-resource",
      "/.well-known/oauth-protected-resource/",
    ],
    module: new URL("./km_mount.ts", import.meta.url),
  }],
});

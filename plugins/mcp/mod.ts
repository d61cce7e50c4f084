/**
 * The `mcp` transport plugin: the project and every agent as MCP servers
 * (STDIO through `super-agents mcp`, Streamable HTTP through
 * {@linkcode createMcpHttpHandler} on the KM), and agents as MCP clients
 * ({@linkcode openAgentMcpTools}). `setup` only registers the `mcp` command;
 * the SDK is loaded by the code paths that speak MCP, never at start-up.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";

export { createMcpHttpHandler, isMcpHttpPath, withMcpRoutes } from "./http_handler.ts";
export type { McpHttpHandler, McpHttpOptions } from "./http_handler.ts";
export { openAgentMcpTools } from "./agent_tools.ts";
export type { AgentMcpTools } from "./agent_tools.ts";
export { MCP_CONNECTOR_BETA, splitForMessagesConnector } from "./messages_connector.ts";

/** Options of the MCP plugin (HTTP sessions). */
export const McpOptionsSchema = z.object({
  /** Sessions idle this long are closed. */
  sessionIdleMinutes: z.number().int().min(1).max(24 * 60),
  /** Live sessions per KM; the least recently used is closed beyond it. */
  maxSessions: z.number().int().min(1).max(10_000),
  /** Browser origins (besides same-origin loopback pages) allowed to call `/mcp`. */
  allowedOrigins: z.array(z.url()),
});

/** The plugin's options. */
export type McpOptions = z.infer<typeof McpOptionsSchema>;

export default definePlugin({
  name: "mcp",
  kind: "transport",
  version: "1.0.0",
  summary: "MCP servers over STDIO and Streamable HTTP; agents as MCP clients",
  options: McpOptionsSchema,
  defaults: { sessionIdleMinutes: 30, maxSessions: 64, allowedOrigins: [] },
  setup(ctx) {
    ctx.registerCommand({
      name: "mcp",
      summary: "serve the project (or one agent) over MCP; inspect and call tools",
      load: () => import("./command.ts"),
    });
  },
});

/**
 * The client half of the MCP SDK, for agents that use external MCP servers.
 * Kept apart from the MCP server's `plugins/mcp/deps.ts` because the SDK's
 * own STDIO client transport (through `cross-spawn`) reads `process.env`
 * when its module loads, which an agent's sandboxed Web Worker may not do;
 * agents spawn STDIO servers with `DenoStdioClientTransport`
 * (`deno_stdio_transport.ts`) instead. Heavy: import dynamically, only when an agent has MCP servers.
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/index"
export { Client } from "npm:@modelcontextprotocol/sdk@1.32.2/client/index.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp"
export { StreamableHTTPClientTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export { JSONRPCMessageSchema } from "npm:@modelcontextprotocol/sdk@1.32.2/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export type {
  CallToolResult,
  JSONRPCMessage,
  Tool,
} from "npm:@modelcontextprotocol/sdk@1.32.2/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/transport"
export type { Transport } from "npm:@modelcontextprotocol/sdk@1.32.2/shared/transport.js";

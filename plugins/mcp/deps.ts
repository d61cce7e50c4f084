/**
 * The MCP plugin's door to the server half of the official
 * `@modelcontextprotocol/sdk`, at a pinned version: what the KM's `/mcp`
 * route loads. The client half (`client_deps.ts`) and the STDIO transport
 * (`stdio_deps.ts`) are kept apart so the KM does not load them (~1.5 MB of
 * resident memory after an MCP session). The SDK accepts zod 4 schemas (it
 * detects v3 and v4 at run time), so tool inputs use the core's
 * `npm:zod@4.6.7` directly. Heavy (~200 ms to load): import it dynamically,
 * only inside the MCP commands and the KM's `/mcp` route.
 *
 * Each import carries a `@ts-types` directive because the package's wildcard
 * export maps `x.js` to a non-existent `x.js.d.ts`; without it every SDK type
 * would silently be `any`.
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/mcp"
export { McpServer, ResourceTemplate } from "npm:@modelcontextprotocol/sdk@1.32.2/server/mcp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp"
export { WebStandardStreamableHTTPServerTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export {
  ErrorCode,
  isInitializeRequest,
  McpError,
} from "npm:@modelcontextprotocol/sdk@1.32.2/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp"
export type { EventStore } from "npm:@modelcontextprotocol/sdk@1.32.2/server/webStandardStreamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export type {
  CallToolResult,
  GetPromptResult,
  JSONRPCMessage,
  ReadResourceResult,
  Tool,
} from "npm:@modelcontextprotocol/sdk@1.32.2/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/transport"
export type { Transport } from "npm:@modelcontextprotocol/sdk@1.32.2/shared/transport.js";

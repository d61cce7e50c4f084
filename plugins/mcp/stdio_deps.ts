/**
 * The SDK's STDIO server transport, for `super-agents mcp` (the server a
 * client spawns). Apart from `deps.ts` so the KM, which serves MCP over HTTP
 * only, does not load it.
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/stdio"
export { StdioServerTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/server/stdio.js";

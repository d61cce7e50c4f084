/**
 * The client half of the MCP SDK as the MCP plugin uses it: the CLI's
 * in-process client (`in_process_client.ts`, over the SDK's in-memory
 * transport), and the clients tests and benchmarks drive our servers with.
 * Apart from `deps.ts` so the KM, a server, does not load it. (Agents use
 * `agents/mcp/client_deps.ts`, which leaves out the STDIO client transport.)
 * @module
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/index"
export { Client } from "npm:@modelcontextprotocol/sdk@1.32.2/client/index.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/stdio"
export { StdioClientTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/client/stdio.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp"
export { StreamableHTTPClientTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/inMemory"
export { InMemoryTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/inMemory.js";

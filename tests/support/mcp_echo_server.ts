/**
 * Test support: a tiny STDIO MCP server built on the official SDK, for the
 * client-pool tests. Tools: `echo` (returns its text), `add` (sums a and b),
 * `fail` (a tool error), `env` (the value of an environment variable, to
 * check what a spawned server inherits).
 * @module
 */

import { z } from "../../core/deps.ts";
import { McpServer } from "../../plugins/mcp/deps.ts";
import { StdioServerTransport } from "../../plugins/mcp/stdio_deps.ts";

const server = new McpServer({ name: "echo-test-server", version: "1.0.0" });
server.registerTool("echo", {
  description: "returns its text",
  inputSchema: { text: z.string() },
}, ({ text }) => ({ content: [{ type: "text", text }] }));
server.registerTool("add", {
  description: "adds two numbers",
  inputSchema: { a: z.number(), b: z.number() },
}, ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }));
server.registerTool("fail", {
  description: "always fails",
}, () => ({ content: [{ type: "text", text: "failed on purpose" }], isError: true }));
server.registerTool("env", {
  description: "reads an environment variable",
  inputSchema: { name: z.string() },
}, ({ name }) => ({ content: [{ type: "text", text: Deno.env.get(name) ?? "(unset)" }] }));
await server.connect(new StdioServerTransport());

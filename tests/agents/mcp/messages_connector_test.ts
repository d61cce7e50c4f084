/** Which servers the Messages API MCP connector can take. */
import assert from "node:assert/strict";
import { splitForMessagesConnector } from "../../../agents/mcp/messages_connector.ts";

Deno.test("only public HTTPS servers with at most a bearer header go to the connector", () => {
  const { connector, local } = splitForMessagesConnector({
    public: { type: "http", url: "https://mcp.example.com/mcp", headers: {} },
    loopback: { type: "http", url: "https://127.0.0.1:5001/mcp", headers: {} },
    plain: { type: "http", url: "http://mcp.example.com/mcp", headers: {} },
    apiKey: { type: "http", url: "https://x.example.com/mcp", headers: { "x-api-key": "k" } },
    stdio: { command: "x", args: [], env: {} },
  }, { public: ["search"] });
  assert.deepEqual(connector?.mcp_servers, [{
    type: "url",
    name: "public",
    url: "https://mcp.example.com/mcp",
    tool_configuration: { enabled: true, allowed_tools: ["search"] },
  }]);
  assert.deepEqual(connector?.betas, ["mcp-client-2025-04-04"]);
  assert.deepEqual(Object.keys(local).sort(), ["apiKey", "loopback", "plain", "stdio"]);
  assert.equal(splitForMessagesConnector({}).connector, undefined);
});

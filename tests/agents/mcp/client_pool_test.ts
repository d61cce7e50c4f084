/**
 * The agent-side MCP client pool against a real STDIO MCP server (the SDK's,
 * in tests/support/mcp_echo_server.ts).
 */
import assert from "node:assert/strict";
import { createMcpClientPool, type PoolEvent } from "../../../agents/mcp/client_pool.ts";
import type { McpServerSpec } from "../../../agents/mcp/server_specs.ts";

const ECHO = new URL("../../support/mcp_echo_server.ts", import.meta.url).pathname;

function echoServer(env: Record<string, string> = {}): McpServerSpec {
  return { command: Deno.execPath(), args: ["run", "-A", "--quiet", ECHO], env };
}

Deno.test("pool lists prefixed tools, calls them and records events", async () => {
  const events: PoolEvent[] = [];
  const pool = createMcpClientPool({
    servers: { echo: echoServer({ PROBE: "from-spec" }) },
    agent: "developer-agent",
    cwd: Deno.cwd(),
    emit: (event) => Promise.resolve(void events.push(event)),
  });
  try {
    const tools = await pool.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      "mcp__echo__add",
      "mcp__echo__echo",
      "mcp__echo__env",
      "mcp__echo__fail",
    ]);
    assert.equal(tools.find((t) => t.tool === "add")?.inputSchema.type, "object");
    const sum = await pool.callTool("mcp__echo__add", { a: 2, b: 40 }, { task: "job_1" });
    assert.deepEqual(sum.content, [{ type: "text", text: "42" }]);
    const env = await pool.callTool("mcp__echo__env", { name: "PROBE" });
    assert.deepEqual(env.content, [{ type: "text", text: "from-spec" }]);
    const failed = await pool.callTool("mcp__echo__fail", {});
    assert.equal(failed.isError, true);
    assert.equal(pool.owns("mcp__echo__add"), true);
    assert.equal(pool.owns("mcp__other__add"), false);
    const types = events.map((e) => e.type);
    assert.deepEqual(types, [
      "mcp.client.connected",
      "mcp.tool.completed",
      "mcp.tool.completed",
      "mcp.tool.failed",
    ]);
    assert.equal(events[1].task, "job_1");
    assert.equal(events[1].agent, "developer-agent");
    assert.equal(events[1].payload.tool, "add");
  } finally {
    await pool.close();
  }
});

Deno.test("pool refuses a tool of a server the agent does not have", async () => {
  const pool = createMcpClientPool({ servers: { echo: echoServer() }, agent: "a", cwd: "." });
  await assert.rejects(
    () => pool.callTool("mcp__github__search", {}),
    /a has no MCP tool "mcp__github__search"/,
  );
  await pool.close();
});

Deno.test("pool holds STDIO servers to the agent's run grant", async () => {
  const pool = createMcpClientPool({
    servers: { echo: echoServer() },
    agent: "reviewer-agent",
    cwd: ".",
    grants: { run: ["git"], net: false },
  });
  await assert.rejects(() => pool.listTools(), (error: Error & { code?: string }) => {
    assert.equal(error.code, "MCP_NOT_PERMITTED");
    assert.match(error.message, /reviewer-agent may not use MCP server echo/);
    return true;
  });
  await pool.close();
});

Deno.test("pool reports a server that does not start with the command in the hint", async () => {
  const pool = createMcpClientPool({
    servers: { broken: { command: Deno.execPath(), args: ["eval", "Deno.exit(3)"], env: {} } },
    agent: "a",
    cwd: ".",
  });
  await assert.rejects(
    () => pool.listTools(),
    (error: Error & { code?: string; hint?: string }) => {
      assert.equal(error.code, "MCP_CONNECT_FAILED");
      assert.match(error.hint ?? "", /eval Deno.exit\(3\)/);
      return true;
    },
  );
  await pool.close();
});

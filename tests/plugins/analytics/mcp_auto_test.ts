/**
 * MCP `task_create` with `agent: "auto"` over a real KM's Streamable HTTP
 * transport: the analytics plugin picks the agent from the task text and
 * history, and the tool result says which and why.
 */
import assert from "node:assert/strict";
import { callTool, connectHttp } from "../../support/mcp_client.ts";
import { startTestKm } from "../../support/mcp_km.ts";

Deno.test("MCP task_create agent auto: picks, explains and queues", async () => {
  const root = await Deno.makeTempDir({ prefix: "mcp-auto-" });
  const km = await startTestKm(root);
  try {
    const client = await connectHttp(km.base, km.token);
    try {
      const created = await callTool(client, "task_create", {
        agent: "auto",
        task: "run the test suite and triage the flaky failures",
      });
      assert.equal(created.json.picked.agent, "test-executor-agent", created.text);
      assert.match(
        created.json.picked.explanation,
        /^picked test-executor-agent for this test task/,
      );
      assert.equal(created.json.task.agent, "test-executor-agent");
      const nothing = await callTool(client, "task_create", { agent: "auto", task: "zebra quux" });
      assert.match(nothing.text, /no agent's description matches/);
    } finally {
      await client.close();
    }
  } finally {
    await km.stop();
    await Deno.remove(root, { recursive: true });
  }
});

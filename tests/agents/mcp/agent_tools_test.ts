/**
 * An agent's external MCP tools as a provider sees them: servers from
 * `.mcp.json` selected by the agent's frontmatter, scoped to that agent,
 * called with events in the project's log.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { closeEventLogs } from "../../../core/events/emit.ts";
import { queryEvents } from "../../../core/events/reader.ts";
import { projectPaths } from "../../../core/paths.ts";
import { openAgentMcpTools } from "../../../agents/mcp/agent_tools.ts";

const ECHO = new URL("../../support/mcp_echo_server.ts", import.meta.url).pathname;

async function project(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "mcp-agent-tools-" });
  await Deno.mkdir(join(root, ".claude", "events"), { recursive: true });
  await Deno.writeTextFile(
    join(root, ".mcp.json"),
    JSON.stringify({
      mcpServers: {
        echo: { command: Deno.execPath(), args: ["run", "-A", "--quiet", ECHO] },
        remote: { type: "sse", url: "https://example.com/sse" },
      },
    }),
  );
  return root;
}

const grants = { read: true, write: false, net: false, run: true, env: false };
const ctx = { env: (name: string) => Deno.env.get(name) };

Deno.test("an agent's named .mcp.json server becomes its mcp__ tools, with events", async () => {
  const root = await project();
  const paths = projectPaths(root);
  const correlationId = "toolu_" + "Z".repeat(24);
  const tools = await openAgentMcpTools({
    paths,
    agent: { name: "developer-agent", mcpServers: ["echo"], permissions: grants },
    ctx,
    task: "job_abc",
    correlationId,
  });
  try {
    assert.ok(tools.host.definitions.some((d) => d.name === "mcp__echo__echo"));
    const result = await tools.host.call("mcp__echo__echo", { text: "hello" });
    assert.deepEqual(result, { content: "hello", isError: false });
    assert.equal(tools.connector, undefined);
  } finally {
    await tools.close();
  }
  await closeEventLogs();
  const events = await queryEvents(eventLogPaths(paths), { types: ["mcp.*"] });
  const completed = events.find((e) => e.type === "mcp.tool.completed");
  assert.ok(completed, JSON.stringify(events));
  assert.equal(completed.agent, "developer-agent");
  assert.equal(completed.task, "job_abc");
  assert.equal(completed.correlation_id, correlationId);
  await Deno.remove(root, { recursive: true });
});

Deno.test("an agent without mcpServers gets no tools and spawns nothing", async () => {
  const root = await project();
  const tools = await openAgentMcpTools({
    paths: projectPaths(root),
    agent: { name: "reviewer-agent", permissions: grants },
    ctx,
  });
  assert.deepEqual(tools.host.definitions, []);
  await tools.close();
  await Deno.remove(root, { recursive: true });
});

Deno.test("a server the agent names but .mcp.json lacks is a clear error", async () => {
  const root = await project();
  await assert.rejects(
    () =>
      openAgentMcpTools({
        paths: projectPaths(root),
        agent: { name: "a-agent", mcpServers: ["github"], permissions: grants },
        ctx,
      }),
    /a-agent names MCP server "github", which .mcp.json does not define/,
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("public HTTPS servers go to the Messages API connector when asked", async () => {
  const root = await project();
  const tools = await openAgentMcpTools({
    paths: projectPaths(root),
    agent: {
      name: "a-agent",
      mcpServers: [{
        docs: {
          type: "http",
          url: "https://mcp.example.com/mcp",
          headers: { Authorization: "Bearer ${DOCS_TOKEN:-t0k}" },
        },
      }],
      permissions: { ...grants, net: ["mcp.example.com"] },
    },
    ctx,
    useConnector: true,
  });
  assert.deepEqual(tools.host.definitions, []);
  assert.deepEqual(tools.connector, {
    betas: ["mcp-client-2025-04-04"],
    mcp_servers: [{
      type: "url",
      name: "docs",
      url: "https://mcp.example.com/mcp",
      authorization_token: "t0k",
    }],
  });
  await tools.close();
  // The connector's traffic leaves from Anthropic's side, so the net grant is checked up front.
  await assert.rejects(
    () =>
      openAgentMcpTools({
        paths: projectPaths(root),
        agent: {
          name: "a-agent",
          mcpServers: [{ docs: { type: "http", url: "https://mcp.example.com/mcp" } }],
          permissions: grants,
        },
        ctx,
        useConnector: true,
      }),
    /a-agent may not use MCP server docs: its permissions do not grant net "mcp.example.com"/,
  );
  await Deno.remove(root, { recursive: true });
});

/**
 * The entry point for providers: the external MCP tools of one agent, as the
 * `ToolHost` shape of `core/plugin.ts` (definitions + call) the `anthropic`
 * provider's tool-use loop already consumes. Servers come from the agent's
 * frontmatter `mcpServers` (names in `.mcp.json`, or inline); they are held to
 * the agent's permission grants, every call is an event in the project's log
 * (with the task and correlation id), and with `useConnector` public HTTPS
 * servers are handed to the Messages API MCP connector instead.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { emitEvent } from "../../core/events/emit.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { ToolDefinition, ToolHost, ToolResult } from "../../core/plugin.ts";
import type { AgentDefinition } from "../../agents/definition.ts";
import { createMcpClientPool, type McpClientPool } from "./client_pool.ts";
import { type ConnectorSplit, splitForMessagesConnector } from "./messages_connector.ts";
import { readProjectMcpServers, resolveAgentMcpServers } from "./server_specs.ts";

/** An agent's MCP tools. */
export interface AgentMcpTools {
  /** Tools to offer the model (`mcp__<server>__<tool>`) and how to call them. */
  host: ToolHost;
  /** For `client.beta.messages.create({ ...request, ...connector })`; undefined when none. */
  connector: ConnectorSplit["connector"];
  close(): Promise<void>;
}

/** Options of {@linkcode openAgentMcpTools}. */
export interface AgentMcpToolsOptions {
  paths: ProjectPaths;
  agent: Pick<AgentDefinition, "name" | "mcpServers" | "permissions">;
  ctx: Pick<Context, "env">;
  /** The task being run and its request id, for the event trail. */
  task?: string;
  correlationId?: string;
  /** Hand public HTTPS servers to the Messages API MCP connector. */
  useConnector?: boolean;
}

/**
 * Connects the agent's MCP servers (none: an empty host, nothing spawned).
 *
 * @example
 * ```ts
 * const mcp = await openAgentMcpTools({ paths, agent, ctx, task: job.id });
 * try {
 *   const tools = [...builtInTools, ...mcp.host.definitions];
 *   // on tool_use whose name mcp.host owns: await mcp.host.call(name, input)
 * } finally {
 *   await mcp.close();
 * }
 * ```
 */
export async function openAgentMcpTools(options: AgentMcpToolsOptions): Promise<AgentMcpTools> {
  const entries = options.agent.mcpServers ?? [];
  const env = (name: string) => options.ctx.env(name);
  const servers = entries.length === 0 ? {} : resolveAgentMcpServers(
    entries,
    await readProjectMcpServers(options.paths.root),
    env,
    options.agent.name,
  );
  const split = options.useConnector
    ? splitForMessagesConnector(servers)
    : { connector: undefined, local: servers };
  const pool: McpClientPool = createMcpClientPool({
    servers: split.local,
    agent: options.agent.name,
    grants: options.agent.permissions,
    cwd: options.paths.root,
    emit: (event) => emitEvent(options.paths, event),
  });
  let definitions: ToolDefinition[];
  try {
    definitions = (await pool.listTools()).map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema as Record<string, unknown>,
    }));
  } catch (error) {
    await pool.close();
    throw error;
  }
  const context = { task: options.task, correlationId: options.correlationId };
  return {
    host: {
      definitions,
      async call(name, input): Promise<ToolResult> {
        const args = input !== null && typeof input === "object" && !Array.isArray(input)
          ? input as Record<string, unknown>
          : {};
        const result = await pool.callTool(name, args, context);
        const content = (result.content ?? []) as { type: string; text?: string }[];
        return {
          content: content.map((c) => (c.type === "text" ? c.text : `[${c.type} content]`))
            .join("\n"),
          isError: result.isError === true,
        };
      },
    },
    connector: split.connector,
    close: () => pool.close(),
  };
}

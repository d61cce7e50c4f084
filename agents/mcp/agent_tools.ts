/**
 * The external MCP tools of one agent in one process, as the `ToolHost`
 * shape of `core/plugin.ts` (definitions + call) the tool-use loop consumes.
 * The `anthropic` provider's sandboxed runs use the same two halves across
 * the worker boundary: `resolveAgentMcpConfig` on the parent, and
 * `openMcpToolHost` inside the agent's worker. Servers come from the agent's
 * frontmatter `mcpServers` (names in `.mcp.json`, or inline); they are held to
 * the agent's permission grants, every call is an event in the project's log
 * (with the task and correlation id), and with `useConnector` public HTTPS
 * servers are handed to the Messages API MCP connector instead.
 * @module
 */

import type { Context } from "../../core/context.ts";
import { emitEvent } from "../../core/events/emit.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { ToolHost } from "../../core/plugin.ts";
import type { AgentDefinition } from "../definition.ts";
import { resolveAgentMcpConfig } from "./agent_mcp_config.ts";
import type { ConnectorSplit } from "./messages_connector.ts";
import { openMcpToolHost } from "./mcp_tool_host.ts";

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
  const config = await resolveAgentMcpConfig({
    root: options.paths.root,
    agent: options.agent,
    env: (name) => options.ctx.env(name),
    useConnector: options.useConnector === true,
  });
  if (!config) {
    return {
      host: { definitions: [], call: (name) => Promise.resolve(unknownTool(name)) },
      connector: undefined,
      close: () => Promise.resolve(),
    };
  }
  const mcp = await openMcpToolHost({
    config,
    agent: options.agent.name,
    cwd: options.paths.root,
    emit: (event) => emitEvent(options.paths, event),
    task: options.task,
    correlationId: options.correlationId,
  });
  return { host: mcp.host, connector: config.connector, close: mcp.close };
}

function unknownTool(name: string) {
  return { isError: true, content: `no MCP tool "${name}": this agent names no MCP servers` };
}

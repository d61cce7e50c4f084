/**
 * An agent's MCP servers as they cross into its sandboxed worker. The parent
 * (which may read the project and the environment) resolves the agent's
 * frontmatter `mcpServers` against `.mcp.json`, expands `${VAR}`s, and hands
 * the worker the finished specs plus the small environment STDIO servers
 * start from; the worker connects them itself, so its Deno permissions bound
 * every server it starts (`run`) or reaches (`net`). Public HTTPS servers can
 * go to the Messages API MCP connector instead; since that traffic leaves
 * from Anthropic's side, not from the sandbox, their `net` grant is checked
 * here, before anything is sent.
 * @module
 */

import { z } from "../../core/deps.ts";
import type { AgentDefinition } from "../definition.ts";
import { checkServerGrants, inheritedEnv } from "./client_pool.ts";
import { splitForMessagesConnector } from "./messages_connector.ts";
import {
  McpServerSpecSchema,
  readProjectMcpServers,
  resolveAgentMcpServers,
} from "./server_specs.ts";

const grant = z.union([z.boolean(), z.array(z.string())]);

/** One `mcp_servers` entry of the Messages API. */
export const ConnectorServerSchema = z.object({
  type: z.literal("url"),
  name: z.string(),
  url: z.string(),
  authorization_token: z.string().optional(),
  tool_configuration: z.object({
    enabled: z.boolean(),
    allowed_tools: z.array(z.string()).optional(),
  }).optional(),
});

/** The `mcp` part of an agent task's `agentConfig`. */
export const AgentMcpConfigSchema = z.object({
  /** Servers the worker connects (by name). */
  servers: z.record(z.string(), McpServerSpecSchema),
  /** The environment STDIO servers start from (before their own `env`). */
  baseEnv: z.record(z.string(), z.string()),
  /** The agent's grants the worker checks each server against. */
  grants: z.object({ run: grant, net: grant }),
  /** Servers for the Messages API MCP connector, with the beta it needs. */
  connector: z.object({
    betas: z.array(z.string()).min(1),
    mcp_servers: z.array(ConnectorServerSchema).min(1),
  }).optional(),
});
/** An agent's resolved MCP servers. */
export type AgentMcpConfig = z.infer<typeof AgentMcpConfigSchema>;

/** Options of {@linkcode resolveAgentMcpConfig}. */
export interface ResolveMcpOptions {
  root: string;
  agent: Pick<AgentDefinition, "name" | "mcpServers" | "permissions">;
  env: (name: string) => string | undefined;
  /** Hand public HTTPS servers to the Messages API MCP connector. */
  useConnector: boolean;
}

/**
 * Resolves the agent's servers; undefined when it names none (nothing is
 * read, nothing crosses into the worker).
 *
 * @example
 * ```ts
 * const mcp = await resolveAgentMcpConfig({ root, agent, env: ctx.env, useConnector: true });
 * const agentConfig = { job, env, run, ...(mcp ? { mcp } : {}) };
 * ```
 */
export async function resolveAgentMcpConfig(
  options: ResolveMcpOptions,
): Promise<AgentMcpConfig | undefined> {
  const entries = options.agent.mcpServers ?? [];
  if (entries.length === 0) return undefined;
  const servers = resolveAgentMcpServers(
    entries,
    await readProjectMcpServers(options.root),
    options.env,
    options.agent.name,
  );
  const grants = { run: options.agent.permissions.run, net: options.agent.permissions.net };
  const split = options.useConnector
    ? splitForMessagesConnector(servers)
    : { connector: undefined, local: servers };
  for (const remote of split.connector?.mcp_servers ?? []) {
    checkServerGrants(options.agent.name, remote.name, servers[remote.name], grants);
  }
  return {
    servers: split.local,
    baseEnv: Object.keys(split.local).length ? inheritedEnv() : {},
    grants,
    ...(split.connector ? { connector: split.connector } : {}),
  };
}

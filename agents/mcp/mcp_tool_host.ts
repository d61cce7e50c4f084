/**
 * Connects an agent's resolved MCP servers and offers their tools in the
 * `ToolHost` shape the tool-use loop consumes (`mcp__<server>__<tool>`).
 * Runs wherever the loop runs — inside the agent's sandboxed worker for
 * queued and `run` jobs — so the servers it starts and reaches are bounded
 * by that worker's Deno permissions. A failed call comes back as a tool
 * error the model can read, never as a crash of the loop.
 * @module
 */

import type { StdioSpawn } from "./deno_stdio_transport.ts";
import { errorMessage } from "../../core/errors.ts";
import type { ToolDefinition, ToolHost, ToolResult } from "../../core/plugin.ts";
import type { AgentMcpConfig } from "./agent_mcp_config.ts";
import { createMcpClientPool, type PoolEvent } from "./client_pool.ts";

/** Options of {@linkcode openMcpToolHost}. */
export interface McpToolHostOptions {
  config: Pick<AgentMcpConfig, "servers" | "baseEnv" | "grants">;
  agent: string;
  /** Working directory of STDIO servers without their own `cwd` (the project root). */
  cwd: string;
  /** Records the pool's events (`mcp.client.connected`, `mcp.tool.completed`, `mcp.tool.failed`). */
  emit: (event: PoolEvent) => Promise<unknown>;
  task?: string;
  correlationId?: string;
  /** Makes STDIO servers' processes (inside a worker: the job's contained command). */
  spawn?: StdioSpawn;
}

/** The agent's MCP tools and how to let go of their servers. */
export interface McpToolHost {
  host: ToolHost;
  close(): Promise<void>;
}

/**
 * Connects every server and lists its tools (no servers: an empty host).
 *
 * @example
 * ```ts
 * const mcp = await openMcpToolHost({ config, agent: "developer-agent", cwd: root, emit });
 * try { await mcp.host.call("mcp__echo__echo", { text: "hi" }); } finally { await mcp.close(); }
 * ```
 */
export async function openMcpToolHost(options: McpToolHostOptions): Promise<McpToolHost> {
  const pool = createMcpClientPool({
    servers: options.config.servers,
    agent: options.agent,
    grants: options.config.grants,
    baseEnv: options.config.baseEnv,
    cwd: options.cwd,
    emit: options.emit,
    ...(options.spawn ? { spawn: options.spawn } : {}),
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
        try {
          const result = await pool.callTool(name, args, context);
          const content = (result.content ?? []) as { type: string; text?: string }[];
          return {
            content: content.map((c) => (c.type === "text" ? c.text : `[${c.type} content]`))
              .join("\n"),
            isError: result.isError === true,
          };
        } catch (error) {
          // The pool recorded the failure; the model gets it as the tool's result.
          return { isError: true, content: errorMessage(error) };
        }
      },
    },
    close: () => pool.close(),
  };
}

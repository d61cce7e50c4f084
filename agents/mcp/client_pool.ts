/**
 * Agents as MCP clients. A pool holds the SDK `Client`s of the MCP servers one
 * agent's frontmatter selects, connects each on first use, and exposes their
 * tools under Claude Code's names (`mcp__<server>__<tool>`) to that agent
 * only. Servers are held to the agent's sandbox grants (a STDIO server needs
 * `run` for its command, an HTTP server needs `net` for its host) and every
 * call leaves an event in the project's trail. STDIO servers are spawned with
 * `Deno.Command` (`deno_stdio_transport.ts`), so inside an agent's sandboxed
 * worker Deno's own `run` permission is the final word on what may start.
 * @module
 */

import type { StdioSpawn } from "./deno_stdio_transport.ts";
import { basename } from "node:path";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import type { CallToolResult, Client, Tool } from "./client_deps.ts";
import type { McpServerSpec } from "./server_specs.ts";

/** An external tool as the agent sees it. */
export interface PooledTool {
  /** `mcp__<server>__<tool>`. */
  name: string;
  server: string;
  /** The tool's own name on its server. */
  tool: string;
  description: string;
  inputSchema: Tool["inputSchema"];
}

/** An event the pool asks its owner to record (shape of `emitEvent`'s input). */
export interface PoolEvent {
  type: string;
  agent?: string;
  task?: string;
  correlationId?: string;
  payload: Record<string, unknown>;
}

/** The agent's Deno grants that bound which servers it may reach. */
export interface PoolGrants {
  run: boolean | string[];
  net: boolean | string[];
}

/** Options of {@linkcode createMcpClientPool}. */
export interface McpClientPoolOptions {
  /** Servers by name (from `resolveAgentMcpServers`). */
  servers: Record<string, McpServerSpec>;
  /** The agent the pool serves (events name it). */
  agent: string;
  /** The agent's sandbox grants; absent means no restriction (trusted callers). */
  grants?: PoolGrants;
  /** Working directory of STDIO servers without their own `cwd`. */
  cwd: string;
  /** Records an event (wire to `emitEvent`); failures to record are errors. */
  emit?: (event: PoolEvent) => Promise<unknown>;
  /** Where STDIO servers' stderr goes (default: ignored). */
  stderr?: "inherit" | "ignore";
  /**
   * The environment STDIO servers start from, before their own `env`
   * (default: {@linkcode inheritedEnv} of this process). A sandboxed worker,
   * which may not read the environment, gets it from its parent.
   */
  baseEnv?: Record<string, string>;
  /** Makes STDIO servers' processes (inside a worker: the job's contained command). */
  spawn?: StdioSpawn;
  now?: () => number;
}

/** Context of one call, for the event trail. */
export interface CallContext {
  task?: string;
  correlationId?: string;
}

/** The pool. */
export interface McpClientPool {
  /** Every tool of every server (connecting as needed). */
  listTools(): Promise<PooledTool[]>;
  /** Calls `mcp__<server>__<tool>` with `args`. */
  callTool(
    name: string,
    args: Record<string, unknown>,
    context?: CallContext,
  ): Promise<CallToolResult>;
  /** Whether `name` is one of this pool's tool names. */
  owns(name: string): boolean;
  close(): Promise<void>;
}

const PREFIX = "mcp__";

/** `mcp__<server>__<tool>`. */
export function prefixedToolName(server: string, tool: string): string {
  return `${PREFIX}${server}__${tool}`;
}

/**
 * Creates a pool; nothing connects until tools are listed or called.
 *
 * @example
 * ```ts
 * const pool = createMcpClientPool({ servers, agent: "developer-agent", cwd: root, emit });
 * const tools = await pool.listTools();
 * const result = await pool.callTool(tools[0].name, {});
 * await pool.close();
 * ```
 */
export function createMcpClientPool(options: McpClientPoolOptions): McpClientPool {
  const now = options.now ?? (() => Date.now());
  const clients = new Map<string, Promise<Client>>();

  function connect(server: string): Promise<Client> {
    let client = clients.get(server);
    if (!client) {
      client = openClient(server, options);
      clients.set(server, client);
      // A failed connection is not cached: the next use tries again.
      client.catch(() => clients.delete(server));
    }
    return client;
  }

  function split(name: string): { server: string; tool: string } {
    if (name.startsWith(PREFIX)) {
      const rest = name.slice(PREFIX.length);
      const at = rest.indexOf("__");
      if (at > 0 && rest.slice(0, at) in options.servers) {
        return { server: rest.slice(0, at), tool: rest.slice(at + 2) };
      }
    }
    throw new SuperAgentsError("MCP_TOOL_UNKNOWN", `${options.agent} has no MCP tool "${name}"`, {
      hint: `its MCP servers are: ${Object.keys(options.servers).join(", ") || "(none)"}`,
    });
  }

  return {
    async listTools() {
      const tools: PooledTool[] = [];
      for (const server of Object.keys(options.servers)) {
        const client = await connect(server);
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined);
          for (const tool of page.tools) {
            tools.push({
              name: prefixedToolName(server, tool.name),
              server,
              tool: tool.name,
              description: tool.description ?? `${tool.name} (MCP server ${server})`,
              inputSchema: tool.inputSchema,
            });
          }
          cursor = page.nextCursor;
        } while (cursor);
      }
      return tools;
    },

    async callTool(name, args, context = {}) {
      const { server, tool } = split(name);
      const started = now();
      const base = {
        agent: options.agent,
        task: context.task,
        correlationId: context.correlationId,
      };
      try {
        const client = await connect(server);
        const result = await client.callTool({ name: tool, arguments: args }) as CallToolResult;
        await options.emit?.({
          ...base,
          type: result.isError ? "mcp.tool.failed" : "mcp.tool.completed",
          payload: { server, tool, durationMs: now() - started, isError: result.isError === true },
        });
        return result;
      } catch (error) {
        await options.emit?.({
          ...base,
          type: "mcp.tool.failed",
          payload: { server, tool, durationMs: now() - started, error: errorMessage(error) },
        });
        throw new SuperAgentsError(
          "MCP_CALL_FAILED",
          `MCP tool ${tool} on server ${server} failed: ${errorMessage(error)}`,
          {
            hint: `check that the ${server} server runs (\`super-agents mcp inspect\` lists ours)`,
            cause: error,
          },
        );
      }
    },

    owns(name) {
      try {
        split(name);
        return true;
      } catch {
        return false; // not one of ours: the caller routes it elsewhere
      }
    },

    async close() {
      const pending = [...clients.values()];
      clients.clear();
      for (const client of pending) {
        try {
          await (await client).close();
        } catch {
          // a client that never connected has nothing to close
        }
      }
    },
  };
}

async function openClient(server: string, options: McpClientPoolOptions): Promise<Client> {
  const spec = options.servers[server];
  if (options.grants) checkServerGrants(options.agent, server, spec, options.grants);
  const deps = await import("./client_deps.ts");
  const { DenoStdioClientTransport } = await import("./deno_stdio_transport.ts");
  const client = new deps.Client({ name: `super-agents/${options.agent}`, version: "1" });
  const transport = spec.type === "http"
    ? new deps.StreamableHTTPClientTransport(new URL(spec.url), {
      requestInit: { headers: spec.headers },
    })
    : new DenoStdioClientTransport({
      command: spec.command,
      args: spec.args,
      env: { ...(options.baseEnv ?? inheritedEnv()), ...spec.env },
      cwd: spec.cwd ?? options.cwd,
      stderr: options.stderr === "inherit" ? "inherit" : "null",
      ...(options.spawn ? { spawn: options.spawn } : {}),
    });
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => {/* the connect error is the one to report */});
    throw new SuperAgentsError(
      "MCP_CONNECT_FAILED",
      `cannot connect to MCP server ${server}: ${errorMessage(error)}`,
      {
        hint: spec.type === "http"
          ? `check that ${spec.url} answers and its headers carry valid credentials`
          : `check that \`${spec.command} ${spec.args.join(" ")}\` starts an MCP server`,
        cause: error,
      },
    );
  }
  await options.emit?.({
    type: "mcp.client.connected",
    agent: options.agent,
    payload: { server, transport: spec.type ?? "stdio" },
  });
  return client;
}

/**
 * Throws `MCP_NOT_PERMITTED` unless the agent's grants allow the server: `run`
 * for a STDIO server's command, `net` for an HTTP server's host.
 *
 * @example
 * ```ts
 * checkServerGrants("reviewer-agent", "echo", { command: "deno", args: [], env: {} }, { run: ["deno"], net: false });
 * ```
 */
export function checkServerGrants(
  agent: string,
  server: string,
  spec: McpServerSpec,
  grants: PoolGrants,
): void {
  const [grant, wanted, kind] = spec.type === "http"
    ? [grants.net, new URL(spec.url).host, "net"]
    : [grants.run, spec.command, "run"];
  const allowed = grant === true ||
    (Array.isArray(grant) &&
      grant.some((g) => g === wanted || g === basename(wanted) || g === wanted.split(":")[0]));
  if (!allowed) {
    throw new SuperAgentsError(
      "MCP_NOT_PERMITTED",
      `${agent} may not use MCP server ${server}: its permissions do not grant ${kind} "${wanted}"`,
      { hint: `add "${wanted}" to permissions.${kind} in the agent's frontmatter` },
    );
  }
}

/** The environment a STDIO server inherits (the SDK's safe default set). */
export function inheritedEnv(): Record<string, string> {
  const names = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "TMPDIR", "DENO_DIR"];
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/**
 * The provider I/O inside an agent's sandboxed worker: tools run right here
 * (inside the sandbox); output, events and model health are relayed to the
 * parent as job progress, because only the parent may write the project's
 * event log and state. An agent with MCP servers connects them here too, so
 * the worker's `run` and `net` permissions bound which servers it starts or
 * reaches, and their tools join the built-in ones for this agent only.
 * @module
 */

import type { AgentJobIO } from "../core/plugin.ts";
import type { AgentTaskConfig, Relay } from "./agent_task.ts";
import type { ExecutorContext } from "./runtime/executor.ts";
import { containedCommand, requireContainment } from "../core/pool/contained_command.ts";
import { createToolHost } from "./tools/host.ts";
import { mergeToolHosts } from "./tools/merge_hosts.ts";
import type { McpToolHost } from "./mcp/mcp_tool_host.ts";

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * The I/O of one job in a worker.
 *
 * @example
 * ```ts
 * const io = workerAgentIO(ctx, config);
 * io.write("hello"); // reaches the parent's terminal
 * ```
 */
export function workerAgentIO(ctx: ExecutorContext, config: AgentTaskConfig): AgentJobIO {
  requireContainment(ctx.sandbox, config.job.agent.name);
  const relay = (data: Relay) => ctx.progress({ data });
  const event = (type: string, payload: Record<string, unknown>) => {
    relay({ kind: "event", type, payload });
    return Promise.resolve();
  };
  return {
    write: (text) => relay({ kind: "output", text }),
    event,
    tools: createToolHost({
      root: config.job.root,
      tools: config.job.agent.tools,
      files: { root: config.job.root, read: ctx.sandbox.read, write: ctx.sandbox.write },
      sandbox: ctx.sandbox,
      task: config.job.id,
      km: config.km,
      emit: event,
    }),
    command: (program, args, options) => containedCommand(ctx.sandbox, program, args, options),
    env: (name) => config.env[name],
    now: Date.now,
    sleep,
    health: (model, health) => relay({ kind: "health", model, health }),
    ...(ctx.callSlot ? { callSlot: ctx.callSlot } : {}),
  };
}

/** A job's I/O and the servers to close when the job ends. */
export interface OpenedAgentIO {
  io: AgentJobIO;
  close(): Promise<void>;
}

/**
 * The I/O of one job, with the agent's MCP servers connected (when it has
 * any) and their `mcp__<server>__<tool>` tools added to its tool host.
 *
 * @example
 * ```ts
 * const { io, close } = await openWorkerAgentIO(ctx, config);
 * try { return await runAnthropic(config.job, io); } finally { await close(); }
 * ```
 */
export async function openWorkerAgentIO(
  ctx: ExecutorContext,
  config: AgentTaskConfig,
): Promise<OpenedAgentIO> {
  const io = workerAgentIO(ctx, config);
  const mcp = config.mcp;
  if (!mcp || Object.keys(mcp.servers).length === 0) {
    return { io, close: () => Promise.resolve() };
  }
  const { openMcpToolHost } = await import("./mcp/mcp_tool_host.ts");
  let opened: McpToolHost;
  try {
    const contained = ctx.sandbox.containment.kind !== "uncontained";
    opened = await openMcpToolHost({
      // Contained, a server starts from the sandbox's own base environment plus its `env`.
      config: contained ? { ...mcp, baseEnv: {} } : mcp,
      spawn: (command, args, options) =>
        containedCommand(ctx.sandbox, command, args, {
          env: options.env,
          ...(options.cwd ? { cwd: options.cwd } : {}),
          stdin: "piped",
          stdout: "piped",
          stderr: options.stderr,
        }),
      agent: config.job.agent.name,
      cwd: config.job.root,
      task: config.job.id,
      emit: (event) => io.event(event.type, event.payload),
    });
  } catch (error) {
    // A server the agent may not use, or cannot name, stays so on every attempt.
    const code = (error as { code?: unknown }).code;
    if (code === "MCP_NOT_PERMITTED" || code === "MCP_SERVER_INVALID") {
      throw Object.assign(error as Error, { retryable: false });
    }
    throw error;
  }
  return { io: { ...io, tools: mergeToolHosts(io.tools, opened.host) }, close: opened.close };
}

/**
 * The provider I/O inside an agent's sandboxed worker: tools run right here
 * (inside the sandbox); output, events and model health are relayed to the
 * parent as job progress, because only the parent may write the project's
 * event log and state.
 * @module
 */

import type { AgentJobIO } from "../core/plugin.ts";
import type { AgentTaskConfig, Relay } from "./agent_task.ts";
import type { ExecutorContext } from "./runtime/executor.ts";
import { createToolHost } from "./tools/host.ts";

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
      run: config.run,
      task: config.job.id,
      km: config.km,
      emit: event,
    }),
    env: (name) => config.env[name],
    now: Date.now,
    sleep,
    health: (model, health) => relay({ kind: "health", model, health }),
  };
}

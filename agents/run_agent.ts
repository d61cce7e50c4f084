/**
 * Runs one agent on one task, now: route, pick the provider, check its key,
 * run it — in the agent's sandboxed pool worker when the provider has an
 * executor (the model's tool calls then run under the agent's Deno
 * permissions), in-process otherwise — and record what happened: events
 * (`task.started`, `model.fallback`, `agent.tool_call`, `task.completed` /
 * `task.failed` / `task.budget_exceeded`) and a cost-ledger line.
 * @module
 */

import { join } from "node:path";
import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import { SuperAgentsError } from "../core/errors.ts";
import { newCorrelationId } from "../core/events/emit.ts";
import type { ProjectPaths } from "../core/paths.ts";
import type { AgentJobIO, AgentJobResult, ProviderPlugin } from "../core/plugin.ts";
import { containedCommand } from "../core/pool/contained_command.ts";
import type { JobSandbox } from "../core/pool/job_sandbox.ts";
import type { WorkerPool } from "../core/pool/worker_pool.ts";
import { AvailabilityMonitor } from "../core/router/availability.ts";
import type { Urgency } from "../core/router/matrix.ts";
import type { RouteDecision } from "../core/router/route.ts";
import { loadProvider } from "./plugin_contributions.ts";
import { buildJob, newTaskId } from "./build_job.ts";
import type { AgentDefinition } from "./definition.ts";
import { EventBatcher } from "./event_batcher.ts";
import { inProcessSandbox } from "./in_process_sandbox.ts";
import { recordOutcome } from "./record_outcome.ts";
import { runInPool } from "./run_in_pool.ts";
import { CORRELATION_ATTRIBUTE, withSpan } from "../core/telemetry.ts";

/** Options of {@linkcode runAgent}. */
export interface RunAgentOptions {
  ctx: Context;
  paths: ProjectPaths;
  config: Config;
  agent: AgentDefinition;
  task: string;
  provider?: string;
  model?: string;
  urgency?: Urgency;
  stream: boolean;
  shard?: { index: number; total: number };
  taskId?: string;
  correlationId?: string;
  /** Where streamed output goes. */
  out(text: string): void;
  /** A pool to share across runs (closed by its owner); one is made otherwise. */
  pool?: WorkerPool;
}

/** What a run produced. */
export interface RunAgentOutcome {
  taskId: string;
  provider: string;
  route: RouteDecision;
  result: AgentJobResult;
}

/** The provider a run uses: `--provider`, the agent's `provider`, or `anthropic`. */
export function providerName(agent: AgentDefinition, flag?: string): string {
  return flag ?? agent.provider ?? "anthropic";
}

/** Fails with one line when the provider needs a variable that is not set. */
export function checkProviderEnv(ctx: Context, provider: ProviderPlugin, agent: string): void {
  const need = provider.requiresEnv;
  if (need && !ctx.env(need.name)) {
    throw new SuperAgentsError("NO_API_KEY", `${agent} needs ${need.name}: ${need.hint}`);
  }
}

/** The project's availability monitor. */
export function openMonitor(paths: ProjectPaths, config: Config, ctx: Context) {
  return AvailabilityMonitor.load(join(paths.state, "model_health.json"), config.models, ctx.now);
}

/**
 * Runs the agent and records the outcome.
 *
 * @example
 * ```ts
 * const outcome = await runAgent({ ctx, paths, config, agent, task, stream: true, out: print });
 * outcome.result.status; // "completed"
 * ```
 */
export async function runAgent(options: RunAgentOptions): Promise<RunAgentOutcome> {
  const { ctx, paths, config, agent } = options;
  const name = providerName(agent, options.provider);
  const provider = await loadProvider(name, config);
  checkProviderEnv(ctx, provider, agent.name);
  if (provider.supports && !provider.supports(agent.name)) {
    throw new SuperAgentsError(
      "PROVIDER_UNSUPPORTED",
      `provider ${name} cannot run ${agent.name}`,
      { hint: `run it with --provider anthropic, or pick an agent that ${name} implements` },
    );
  }
  const monitor = await openMonitor(paths, config, ctx);
  const taskId = options.taskId ?? newTaskId(ctx.now());
  const correlationId = options.correlationId ?? newCorrelationId();
  const { job, route } = buildJob({
    id: taskId,
    root: paths.root,
    agent,
    task: options.task,
    config,
    model: options.model,
    urgency: options.urgency,
    stream: options.stream,
    shard: options.shard,
    monitor,
  });
  const pending: Promise<unknown>[] = [];
  const events = new EventBatcher(paths);
  const event = (type: string, payload: Record<string, unknown>) => {
    events.push({ type, agent: agent.name, task: taskId, correlationId, payload });
    return Promise.resolve();
  };
  await event("task.started", {
    provider: name,
    version: agent.version,
    model: route.model,
    chain: route.chain,
  });
  const result = await withSpan(
    `task ${agent.name}`,
    {
      [CORRELATION_ATTRIBUTE]: correlationId,
      "super_agents.task_id": taskId,
      "super_agents.agent": agent.name,
      "super_agents.provider": name,
    },
    () =>
      provider.executor
        ? runInPool({ ...options, correlationId, job, provider, monitor, event, pending })
        : provider.run(job, inProcessIO(options, event)),
  );
  await Promise.all(pending);
  await events.drain();
  await recordOutcome({ ...options, taskId, provider: name, result, correlationId });
  return { taskId, provider: name, route, result };
}

function inProcessIO(
  options: RunAgentOptions,
  event: AgentJobIO["event"],
): AgentJobIO {
  let sandbox: JobSandbox | undefined;
  return {
    write: options.out,
    event,
    tools: {
      definitions: [],
      call: (name) =>
        Promise.resolve({ isError: true, content: `${name}: this provider runs no model tools` }),
    },
    env: (name) => options.ctx.env(name),
    now: options.ctx.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    command(program, args, commandOptions) {
      sandbox ??= inProcessSandbox(options.ctx, options.paths, options.config, options.agent);
      return containedCommand(sandbox, program, args, commandOptions);
    },
  };
}

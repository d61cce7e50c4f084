/**
 * Runs a provider's job in the agent's sandboxed pool worker: builds the
 * sandbox (agent permissions + model API host + the SDK's env names), hands
 * the job, the API key and the agent's resolved MCP servers over as the
 * task's `agentConfig` (the worker connects them), and turns the
 * worker's relayed progress into terminal output, events and model health.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import type { ProjectPaths } from "../core/paths.ts";
import type { AgentJob, AgentJobIO, AgentJobResult, ProviderPlugin } from "../core/plugin.ts";
import { denoCacheDir } from "../core/pool/containment.ts";
import { WorkerPool } from "../core/pool/worker_pool.ts";
import { workerUrlOf } from "./runtime/executors.ts";
import type { AvailabilityMonitor } from "../core/router/availability.ts";
import { AgentJobResultSchema, type AgentTaskConfig, RelaySchema } from "./agent_task.ts";
import { resolveAgentMcpConfig } from "./mcp/agent_mcp_config.ts";
import type { AgentDefinition } from "./definition.ts";
import { findKm } from "./km_endpoint.ts";
import { agentSandbox, apiHost, SDK_ENV_NAMES } from "./sandbox_spec.ts";

/** The worker module of the pool. */

/** What {@linkcode runInPool} needs. */
export interface PoolRunOptions {
  ctx: Context;
  paths: ProjectPaths;
  config: Config;
  agent: AgentDefinition;
  job: AgentJob;
  provider: ProviderPlugin;
  monitor: AvailabilityMonitor;
  event: AgentJobIO["event"];
  pending: Promise<unknown>[];
  out(text: string): void;
  pool?: WorkerPool;
  correlationId?: string;
}

/**
 * A pool for one project (the caller closes it). `masks`: directories no
 * child process may see (the user's credential store, `ctx.dataHome`).
 */
export function createAgentPool(
  paths: ProjectPaths,
  config: Config,
  size = 1,
  masks: string[] = [],
  denoDir?: string,
): WorkerPool {
  return new WorkerPool({
    workerUrl: workerUrlOf,
    size,
    jobsPerWorker: config.pool.jobsPerWorker,
    place: {
      root: paths.root,
      workspacesDir: paths.workspaces,
      modelApiHost: config.pool.modelApiHost,
      masks,
      ...(denoDir ? { denoDir } : {}),
    },
  });
}

/** The pool task fields of an agent run (also used by queue workers). */
export async function agentPoolTask(options: PoolRunOptions) {
  const { ctx, agent, job, paths, config } = options;
  const baseURL = ctx.env("ANTHROPIC_BASE_URL");
  const km = await findKm(paths, config.km.host, { agent: agent.name, ttlMs: agent.timeout });
  const env: Record<string, string> = {};
  for (const name of ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"]) {
    const value = ctx.env(name);
    if (value) env[name] = value;
  }
  const mcp = await resolveAgentMcpConfig({
    root: paths.root,
    agent,
    env: (name) => ctx.env(name),
    useConnector: options.provider.executor === "anthropic",
  });
  const agentConfig: AgentTaskConfig = {
    job,
    env,
    run: agent.permissions.run,
    ...(km ? { km } : {}),
    ...(mcp ? { mcp } : {}),
  };
  const hosts = [apiHost(baseURL), ...(km ? [new URL(km.url).host] : [])];
  return {
    jobId: job.id,
    agent: agent.name,
    executor: options.provider.executor!,
    input: null,
    attempt: 1,
    correlationId: options.correlationId ?? null,
    dependencies: [],
    sandbox: agentSandbox(agent.permissions, { hosts, env: SDK_ENV_NAMES }),
    timeoutMs: agent.timeout,
    agentConfig,
  };
}

/**
 * Runs the job in a sandboxed worker and returns its result.
 *
 * @example
 * ```ts
 * const result = await runInPool({ ...options, job, provider, monitor, event, pending });
 * ```
 */
export async function runInPool(options: PoolRunOptions): Promise<AgentJobResult> {
  const pool = options.pool ??
    createAgentPool(
      options.paths,
      options.config,
      1,
      [options.ctx.dataHome],
      denoCacheDir(options.ctx.env, options.ctx.home),
    );
  try {
    const task = await agentPoolTask(options);
    const outcome = await pool.run({
      ...task,
      onProgress: (progress) => {
        const relay = RelaySchema.safeParse(progress.data);
        if (!relay.success) return; // progress from a foreign executor: nothing to relay
        const message = relay.data;
        if (message.kind === "output") options.out(message.text);
        else if (message.kind === "event") {
          options.pending.push(options.event(message.type, message.payload));
        } else if (message.kind === "health") {
          options.pending.push(options.monitor.apply(message.model, message.health));
        } // "outcome" is only sent by queued jobs; this run records its own outcome
      },
    });
    if (outcome.kind === "succeeded") {
      const parsed = AgentJobResultSchema.safeParse(outcome.result);
      if (parsed.success) return parsed.data;
      return failed(
        options,
        "AGENT_RESULT_INVALID",
        `the worker returned an invalid result: ${parsed.error.issues[0].message}`,
      );
    }
    if (outcome.kind === "failed") {
      return failed(options, outcome.error.code ?? "AGENT_FAILED", outcome.error.message);
    }
    return failed(
      options,
      "AGENT_INTERRUPTED",
      outcome.kind === "cancelled" ? "the task was cancelled" : outcome.reason,
    );
  } finally {
    if (!options.pool) await pool.close();
  }
}

function failed(options: PoolRunOptions, code: string, message: string): AgentJobResult {
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  return {
    status: "failed",
    output: "",
    model: options.job.models[0],
    turns: 0,
    usage,
    usageByModel: {},
    costUsd: 0,
    fallbacks: [],
    error: { code, message },
  };
}

/**
 * How a queue worker runs a model agent: {@linkcode resolveModelAgent}
 * gives the executor, sandbox and `agentConfig` (the agent and the routing
 * configuration, plus the API key from the worker process's environment);
 * inside the sandboxed worker, {@linkcode jobFromQueue} routes the queued
 * task and builds the job. `agents/runtime/resolve_agent.ts` can call the
 * first for every agent whose provider has an executor.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { AgentJob } from "../core/plugin.ts";
import type { SandboxSpec } from "../core/pool/sandbox.ts";
import type { QueueAgentConfig } from "./agent_task.ts";
import { buildJob } from "./build_job.ts";
import type { AgentDefinition } from "./definition.ts";
import { agentSandbox, apiHost, SDK_ENV_NAMES } from "./sandbox_spec.ts";
import { taskText } from "./task_text.ts";
import type { KmEndpoint } from "./tools/km_tools.ts";

/** What a queue runner needs to run a model agent in the pool. */
export interface ModelAgentResolution {
  executor: string;
  version: string;
  sandbox: SandboxSpec;
  timeoutMs: number;
  agentConfig: QueueAgentConfig;
}

/**
 * The pool settings of a model agent for queued jobs.
 *
 * @example
 * ```ts
 * const resolved = resolveModelAgent(definition, { root, config, env: (n) => Deno.env.get(n) });
 * ```
 */
export function resolveModelAgent(
  definition: AgentDefinition,
  options: {
    root: string;
    config: Config;
    env(name: string): string | undefined;
    km?: KmEndpoint;
    executor?: string;
  },
): ModelAgentResolution {
  const env: Record<string, string> = {};
  for (const name of ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"]) {
    const value = options.env(name);
    if (value) env[name] = value;
  }
  const hosts = [
    apiHost(env.ANTHROPIC_BASE_URL),
    ...(options.km ? [new URL(options.km.url).host] : []),
  ];
  const { name, model, version, prompt, tools, thinking, budget, permissions } = definition;
  return {
    executor: options.executor ?? "anthropic",
    version,
    sandbox: agentSandbox(permissions, { hosts, env: SDK_ENV_NAMES }),
    timeoutMs: definition.timeout,
    agentConfig: {
      template: {
        agent: { name, model, version, prompt, tools, thinking, budget, permissions },
        root: options.root,
        models: options.config.models,
      },
      env,
      run: permissions.run,
      ...(options.km ? { km: options.km } : {}),
    },
  };
}

/** Routes a queued job's task and builds its job (inside the worker). */
export function jobFromQueue(config: QueueAgentConfig, id: string, input: unknown): AgentJob {
  const { template } = config;
  return buildJob({
    id,
    root: template.root,
    agent: template.agent,
    task: taskText(input),
    config: { models: template.models },
    stream: true,
  }).job;
}

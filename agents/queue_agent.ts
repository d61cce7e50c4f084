/**
 * How a queue worker runs a model agent: {@linkcode resolveModelAgent}
 * gives the executor, sandbox and `agentConfig` (the agent and the routing
 * configuration, plus the API key from the worker process's environment);
 * inside the sandboxed worker, {@linkcode jobFromQueue} routes the queued
 * task (with the results of the steps it waited for) and builds the job;
 * {@linkcode finishQueuedJob} relays the outcome and ends it.
 * `agents/runtime/resolve_agent.ts` calls the first for every model agent.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { AgentJob, AgentJobResult } from "../core/plugin.ts";
import type { SandboxSpec } from "../core/pool/sandbox.ts";
import type { AgentMcpConfig } from "./mcp/agent_mcp_config.ts";
import type { QueueAgentConfig, Relay } from "./agent_task.ts";
import { fixedChooser } from "../core/router/tier_chooser.ts";
import { buildJob } from "./build_job.ts";
import type { AgentDefinition } from "./definition.ts";
import { agentSandbox, apiHost, SDK_ENV_NAMES } from "./sandbox_spec.ts";
import { taskText } from "./task_text.ts";
import type { KmEndpoint } from "./tools/km_tools.ts";
import type { ExecutorContext } from "./runtime/executor.ts";

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
    /** The agent's MCP servers, resolved (see `resolveAgentMcpConfig`). */
    mcp?: AgentMcpConfig;
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
      ...(options.mcp ? { mcp: options.mcp } : {}),
    },
  };
}

/** A result a queued job waited for (fan-in), as the pool hands it over. */
export type DependencyInput = ExecutorContext["dependencies"][number];

/**
 * The task of a queued job: its own text, then the results of the steps it
 * waited for (an agent's final text, anything else as JSON), so a pipeline
 * step builds on its inputs.
 *
 * @example
 * ```ts
 * queuedTaskText({ task: "review" }, [{ id: "job_1", agent: "developer-agent", node: "build", result: { output: "done" } }]);
 * ```
 */
export function queuedTaskText(input: unknown, dependencies: DependencyInput[] = []): string {
  const task = taskText(input);
  if (dependencies.length === 0) return task;
  const sections = dependencies.map((dependency) => {
    const result = dependency.result as { output?: unknown } | null;
    const body = typeof result?.output === "string"
      ? result.output
      : JSON.stringify(dependency.result, null, 2);
    return `## ${dependency.node ?? dependency.id} (${dependency.agent})\n\n${body}`;
  });
  return `${task}\n\n# Results of the steps before this one\n\n${sections.join("\n\n")}`;
}

/** Routes a queued job's task and builds its job (inside the worker). */
export function jobFromQueue(
  config: QueueAgentConfig,
  id: string,
  input: unknown,
  dependencies: DependencyInput[] = [],
): AgentJob {
  const { template } = config;
  return buildJob({
    id,
    root: template.root,
    agent: template.agent,
    task: queuedTaskText(input, dependencies),
    config: { models: template.models },
    stream: true,
    chooser: fixedChooser(template.choice),
  }).job;
}

/**
 * Ends a queued job inside its worker: relays the outcome (so the parent
 * records cost and the closing event even for a failed run), then returns
 * the result when it completed or throws for the queue to retry (when
 * `retryable` says a later attempt may succeed) or dead-letter.
 *
 * @example
 * ```ts
 * return finishQueuedJob(ctx, "local", result, () => false);
 * ```
 */
export function finishQueuedJob(
  ctx: Pick<ExecutorContext, "progress">,
  provider: string,
  result: AgentJobResult,
  retryable: (result: AgentJobResult) => boolean,
): AgentJobResult {
  const outcome: Relay = { kind: "outcome", provider, result };
  ctx.progress({ data: outcome });
  if (result.status === "completed") return result;
  throw Object.assign(
    new Error(result.error?.message ?? `${provider} job ended ${result.status}`),
    { code: result.error?.code ?? "AGENT_FAILED", retryable: retryable(result) },
  );
}

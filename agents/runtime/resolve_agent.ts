/**
 * Which executor, version and sandbox a queued job's agent runs with. The
 * built-in agents `noop` and `script` (benchmarks and tests) need no
 * definition; every other agent comes from the catalog (shipped, plugin and
 * project agent files). Model agents get what `resolveModelAgent` builds
 * (the agent template, the API key and base URL from the worker's
 * environment, the SDK's `ANTHROPIC_*` variables and the API host in the
 * sandbox, the agent's MCP servers from `.mcp.json` or its frontmatter);
 * deterministic agents of the `local` provider run on the `local`
 * executor with only their own permissions. A job whose provider needs a
 * key the worker lacks fails at once with the fix, instead of retrying.
 * An agent whose grants are not trusted (see `agents/trust/`) never runs:
 * its job fails to the dead-letter queue with `AGENT_UNTRUSTED`, the
 * widened grants and the way out (`agents trust`, then `dlq retry`), so it
 * is neither run with the wider grants nor lost.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ResolvedAgent } from "../../core/orchestration/runner.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { ProviderPlugin } from "../../core/plugin.ts";
import type { Job } from "../../core/queue/job.ts";
import type { TierChoice } from "../../core/router/tier_chooser.ts";
import type { LocalQueueConfig } from "../local_agent_config.ts";
import { resolveAgentMcpConfig } from "../mcp/agent_mcp_config.ts";
import type { Catalog } from "../catalog.ts";
import type { AgentDefinition } from "../definition.ts";
import { findKm } from "../km_endpoint.ts";
import { resolveModelAgent } from "../queue_agent.ts";
import { agentSandbox, YAML_ENV_NAMES } from "../sandbox_spec.ts";
import { executorTable, workerUrlOf } from "./executors.ts";

/** Agents that exist without a definition file. */
export const BUILTIN_AGENTS: Record<string, ResolvedAgent> = {
  noop: {
    executor: "noop",
    version: "noop_builtin",
    sandbox: { read: false, net: false, workspace: false },
  },
  script: { executor: "script", version: "script_builtin", sandbox: {} },
};

/** What {@linkcode agentResolver} needs. */
export interface ResolverOptions {
  /** The agent catalog and its trust gate, loaded on the first job that needs them. */
  loadCatalog: () => Promise<Pick<Catalog, "get" | "trust">>;
  /** A provider by name (`loadProvider` from `agents/plugin_contributions.ts`). */
  loadProvider: (name: string) => Promise<ProviderPlugin>;
  paths: ProjectPaths;
  config: Config;
  /** The worker process's environment (API key and base URL). */
  env(name: string): string | undefined;
  /** The learned starting tier of a model agent's job (`agents/adaptive_routing.ts`). */
  chooseTier?: (
    definition: AgentDefinition,
    job: Pick<Job, "id" | "input"> & Partial<Pick<Job, "correlationId">>,
  ) => TierChoice | undefined;
}

/** The sandbox and settings of a deterministic agent of the `local` provider. */
export function resolveLocalAgent(
  definition: AgentDefinition,
  options: Pick<ResolverOptions, "paths" | "config">,
): ResolvedAgent {
  const { name, model, version, prompt, tools, thinking, budget, permissions } = definition;
  const agentConfig: LocalQueueConfig = {
    template: {
      agent: { name, model, version, prompt, tools, thinking, budget, permissions },
      root: options.paths.root,
      models: options.config.models,
    },
    env: {},
    run: permissions.run,
    checks: options.config.checks,
  };
  return {
    executor: "local",
    version,
    // The checks parse YAML (agent files, OpenAPI specs): the parser reads its two debug switches.
    sandbox: agentSandbox(permissions, { hosts: [], env: YAML_ENV_NAMES }),
    timeoutMs: definition.timeout,
    agentConfig,
  };
}

/** The executor a provider's queued jobs run on, or a clear error. */
function executorOf(definition: AgentDefinition, provider: ProviderPlugin): string {
  const executor = provider.name === "local" ? "local" : provider.executor;
  if (executor === undefined || workerUrlOf(executor) === undefined) {
    throw new SuperAgentsError(
      "AGENT_EXECUTOR_MISSING",
      `agent ${definition.name} uses the ${provider.name} provider, which cannot run queued jobs ` +
        `(queue executors: ${Object.keys(executorTable()).join(", ")})`,
      {
        hint: `run it now with \`super-agents run ${definition.name}\`, or set \`provider:\` ` +
          "in the agent file to anthropic or local",
      },
    );
  }
  return executor;
}

/** The trust check of a queued job: an untrusted agent's job waits in the dead-letter queue. */
async function requireTrusted(
  catalog: Pick<Catalog, "trust">,
  definition: AgentDefinition,
  job: { id: string } | undefined,
): Promise<void> {
  try {
    await catalog.trust.require(definition);
  } catch (error) {
    if (!(error instanceof SuperAgentsError && error.code === "AGENT_UNTRUSTED")) throw error;
    const retry = `super-agents dlq retry ${job?.id ?? "<job id>"}`;
    throw new SuperAgentsError(
      error.code,
      `${error.message}; waiting for trust: run \`super-agents agents trust ${definition.name}\`, ` +
        `then \`${retry}\``,
      { hint: `${error.hint}, then \`${retry}\``, details: error.details, cause: error },
    );
  }
}

/**
 * A resolver over a lazily loaded catalog, for the queue runner.
 *
 * @example
 * ```ts
 * const resolve = agentResolver({ loadCatalog, loadProvider, paths, config, env: ctx.env });
 * (await resolve("secret-scan")).executor; // "local"
 * ```
 */
export function agentResolver(
  options: ResolverOptions,
): (
  agent: string,
  job?: Pick<Job, "id" | "input"> & Partial<Pick<Job, "correlationId">>,
) => Promise<ResolvedAgent> {
  let catalog: Promise<Pick<Catalog, "get" | "trust">> | undefined;
  return async (agent, job) => {
    const builtin = BUILTIN_AGENTS[agent];
    if (builtin) return builtin;
    catalog ??= options.loadCatalog();
    const definition = (await catalog).get(agent);
    await requireTrusted(await catalog, definition, job);
    const provider = await options.loadProvider(definition.provider ?? "anthropic");
    // A third-party plugin's executor plans its own jobs (its sandbox is the plugin's).
    const queued = provider.queued?.({
      name: definition.name,
      version: definition.version,
      timeoutMs: definition.timeout,
    });
    if (queued) return queued;
    const executor = executorOf(definition, provider);
    if (executor === "local") return resolveLocalAgent(definition, options);
    const needs = provider.requiresEnv;
    if (needs && !options.env(needs.name)) {
      throw new SuperAgentsError(
        "NO_API_KEY",
        `${definition.name} needs ${needs.name} in the worker's environment`,
        { hint: needs.hint },
      );
    }
    const km = await findKm(options.paths, options.config.km.host, {
      agent: definition.name,
      ttlMs: definition.timeout,
    });
    const mcp = await resolveAgentMcpConfig({
      root: options.paths.root,
      agent: definition,
      env: options.env,
      useConnector: executor === "anthropic",
    });
    const resolved = resolveModelAgent(definition, {
      root: options.paths.root,
      config: options.config,
      env: options.env,
      executor,
      ...(km ? { km } : {}),
      ...(mcp ? { mcp } : {}),
    });
    const choice = job && options.chooseTier?.(definition, job);
    if (choice) resolved.agentConfig.template.choice = choice;
    return { ...resolved, lane: laneOfProvider(provider.name) };
  };
}

/** Providers whose jobs spend their time waiting for a model API. */
export const MODEL_PROVIDERS: ReadonlySet<string> = new Set([
  "anthropic",
  "anthropic-batch",
  "claude-code",
]);

/**
 * The lane a provider's jobs run in: `model` (admitted by the API's rate
 * limits) or `cpu` (sized by cores).
 *
 * @example
 * ```ts
 * laneOfProvider("anthropic"); // "model"
 * laneOfProvider("local"); // "cpu"
 * ```
 */
export function laneOfProvider(provider: string): "cpu" | "model" {
  return MODEL_PROVIDERS.has(provider) ? "model" : "cpu";
}

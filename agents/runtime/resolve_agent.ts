/**
 * Which executor, version and sandbox a job's agent runs with. The built-in
 * agents `noop` and `script` (benchmarks and tests) need no definition; every
 * other agent comes from the catalog (shipped, plugin and project agent
 * files), whose `permissions` become the sandbox and whose `provider` names
 * the executor. The catalog is loaded only when a job needs it.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { ResolvedAgent } from "../../core/orchestration/runner.ts";
import type { AgentDefinition } from "../definition.ts";
import { executors } from "./executors.ts";

/** Agents that exist without a definition file. */
export const BUILTIN_AGENTS: Record<string, ResolvedAgent> = {
  noop: {
    executor: "noop",
    version: "noop_builtin",
    sandbox: { read: false, net: false, workspace: false },
  },
  script: { executor: "script", version: "script_builtin", sandbox: {} },
};

/** The sandbox, executor and limits of a catalog agent. */
export function resolveDefinition(
  definition: AgentDefinition,
  modelApiHost: string,
): ResolvedAgent {
  const executor = definition.provider ?? "anthropic";
  if (!(executor in executors)) {
    throw new SuperAgentsError(
      "AGENT_EXECUTOR_MISSING",
      `agent ${definition.name} runs on the "${executor}" executor, which this build does not have ` +
        `(executors: ${Object.keys(executors).join(", ")})`,
      {
        hint:
          "install the provider plugin, or set `provider:` in the agent file to one that exists",
      },
    );
  }
  const { read, write, net, run, env } = definition.permissions;
  return {
    executor,
    version: definition.version,
    sandbox: {
      read,
      write,
      net: net === true ? true : [...(net || []), modelApiHost],
      run,
      env,
    },
    timeoutMs: definition.timeout,
    agentConfig: { name: definition.name, model: definition.model, tools: definition.tools },
  };
}

/**
 * A resolver over a lazily loaded catalog.
 *
 * @example
 * ```ts
 * const resolve = agentResolver(() => loadAgentEnvironment(ctx).then((e) => e.catalog), "api.anthropic.com");
 * (await resolve("noop")).executor; // "noop"
 * ```
 */
export function agentResolver(
  loadCatalog: () => Promise<{ get(name: string): AgentDefinition }>,
  modelApiHost: string,
): (agent: string) => Promise<ResolvedAgent> {
  let catalog: Promise<{ get(name: string): AgentDefinition }> | undefined;
  return async (agent) => {
    const builtin = BUILTIN_AGENTS[agent];
    if (builtin) return builtin;
    catalog ??= loadCatalog();
    return resolveDefinition((await catalog).get(agent), modelApiHost);
  };
}

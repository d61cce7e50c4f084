/**
 * The `local` provider: runs the deterministic agents (the test runner and
 * the local checks) in-process; {@linkcode localAgents} is also what the
 * `local` executor runs queued jobs with.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { AgentJob, AgentJobIO, AgentJobResult, ProviderPlugin } from "../../core/plugin.ts";
import { CHECK_AGENTS, runCheckAgent } from "./checks.ts";
import { runTestRunner } from "./test_runner.ts";

/** A deterministic agent implementation. */
export type LocalAgent = (job: AgentJob, io: AgentJobIO) => Promise<AgentJobResult>;

/**
 * Agent name → implementation, given the configuration.
 *
 * @example
 * ```ts
 * Object.keys(localAgents(config)); // ["test-executor-check", "secret-scan", ...]
 * ```
 */
export function localAgents(config: Config): Record<string, LocalAgent> {
  const agents: Record<string, LocalAgent> = { "test-executor-check": runTestRunner };
  for (const name of Object.keys(CHECK_AGENTS)) {
    agents[name] = (job, io) => runCheckAgent(config, job, io);
  }
  return agents;
}

/**
 * The provider: it supports exactly the agents {@linkcode localAgents} implements.
 *
 * @example
 * ```ts
 * createProvider(config).supports?.("test-executor-check"); // true
 * ```
 */
export function createProvider(config: Config): ProviderPlugin {
  const agents = localAgents(config);
  return {
    name: "local",
    summary: "runs deterministic agents in-process, no API key",
    usesModel: false,
    supports: (agent) => Object.hasOwn(agents, agent),
    run(job, io) {
      const agent = Object.hasOwn(agents, job.agent.name) ? agents[job.agent.name] : undefined;
      if (!agent) {
        throw new SuperAgentsError(
          "LOCAL_AGENT_UNKNOWN",
          `the local provider has no implementation of ${job.agent.name}`,
          {
            hint: `local agents: ${
              Object.keys(agents).join(", ")
            }; run ${job.agent.name} with --provider anthropic`,
          },
        );
      }
      return agent(job, io);
    },
  };
}

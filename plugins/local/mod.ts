/**
 * The `local` provider plugin: deterministic agents that need no model and
 * no API key (the test runner, and the local checks). Each is usable on its
 * own (`super-agents run test-runner`) and contributes its agent definition
 * to the catalog.
 * @module
 */

import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import {
  type AgentJob,
  type AgentJobIO,
  type AgentJobResult,
  definePlugin,
} from "../../core/plugin.ts";
import { localAgentFiles } from "./agents/mod.ts";
import type { Config } from "../../core/config/schema.ts";
import { CHECK_AGENTS, runCheckAgent } from "./checks.ts";
import { runTestRunner } from "./test_runner.ts";

/** A deterministic agent implementation. */
export type LocalAgent = (job: AgentJob, io: AgentJobIO) => Promise<AgentJobResult>;

/** Agent name → implementation, given the configuration. */
export function localAgents(config: Config): Record<string, LocalAgent> {
  const agents: Record<string, LocalAgent> = { "test-runner": runTestRunner };
  for (const name of Object.keys(CHECK_AGENTS)) {
    agents[name] = (job, io) => runCheckAgent(config, job, io);
  }
  return agents;
}

/** The plugin's options. */
export const LocalOptionsSchema = z.object({});

export default definePlugin({
  name: "local",
  kind: "provider",
  version: "1.0.0",
  summary: "deterministic agents without a model: test runner, local checks",
  options: LocalOptionsSchema,
  defaults: {},
  setup(ctx) {
    const agents = localAgents(ctx.config);
    for (const [fileName, markdown] of Object.entries(localAgentFiles)) {
      ctx.registerAgent(fileName, markdown);
    }
    ctx.registerProvider({
      name: "local",
      summary: "runs deterministic agents in-process, no API key",
      usesModel: false,
      supports: (agent) => agent in agents,
      run(job, io) {
        const agent = agents[job.agent.name];
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
    });
  },
});

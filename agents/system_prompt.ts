/**
 * The system prompt sent for an agent: its definition's body, then a short
 * runtime section (project root, tools, how to finish). It depends only on
 * the agent and the project, never on the task, so it is identical across
 * tasks and prompt caching can reuse it.
 * @module
 */

import type { AgentJob } from "../core/plugin.ts";

/** The system prompt of `job`'s agent, given the runtime tool names offered. */
export function systemPrompt(job: AgentJob, tools: string[]): string {
  return `${job.agent.prompt}

## Runtime (super-agents)

You are ${job.agent.name} (${job.agent.version}), running inside super-agents.
- Project root: ${job.root}. Relative paths in tool calls resolve against it.
- Tools: ${tools.join(", ")}. Bash runs one allowed program without a shell.
- Your sandbox limits what you can read, write, run and reach; a "permission denied by this
  agent's sandbox" result is final for that path or program.
- When the task is done, reply with your final report and no further tool calls.`;
}

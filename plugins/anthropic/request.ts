/**
 * The parts of a Messages API request that depend only on the agent: the
 * system prompt (marked for prompt caching), the tools, thinking and
 * `max_tokens`. Shared by the interactive loop and the batch lane, so both
 * send the same request and hit the same cache.
 * @module
 */

import type { AgentJob, ToolDefinition } from "../../core/plugin.ts";
import { systemPrompt } from "../../agents/system_prompt.ts";

/**
 * The agent-dependent request fields.
 *
 * @example
 * ```ts
 * const params = { ...agentParams(job, host.definitions), model, messages };
 * ```
 */
export function agentParams(job: AgentJob, tools: ToolDefinition[]) {
  return {
    max_tokens: job.maxTokens,
    system: [{
      type: "text" as const,
      text: systemPrompt(job, tools.map((t) => t.name)),
      cache_control: { type: "ephemeral" as const },
    }],
    ...(tools.length
      ? {
        tools: tools.map((tool) => ({
          name: tool.name,
          description: tool.description,
          input_schema: tool.inputSchema as { type: "object" },
        })),
      }
      : {}),
    ...(job.agent.thinking
      ? {
        thinking: job.agent.thinking.type === "adaptive"
          ? { type: "adaptive" as const }
          : { type: "enabled" as const, budget_tokens: job.agent.thinking.budgetTokens },
      }
      : {}),
  };
}

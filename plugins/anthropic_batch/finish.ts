/**
 * What happens to one job after its batch ends. A succeeded entry that ends
 * its turn completes the job; one that asks for tools continues on the
 * interactive path (its tools must run in the agent's sandboxed worker);
 * an errored, expired or missing entry is retried individually through the
 * interactive Messages API (with the router's fallback chain). The result
 * has the same shape as an interactive run, so the job interface is unchanged.
 * @module
 */

import type { AgentJob, AgentJobResult, TokenUsage } from "../../core/plugin.ts";
import { addUsage, costOf, emptyUsage } from "../../core/router/pricing.ts";
import type { Message } from "../anthropic/deps.ts";

/** The usage, cost and text of the single batch turn of a job. */
export function batchTurnResult(
  job: AgentJob,
  message: Message,
  priceFactor: number,
): AgentJobResult {
  const usage: TokenUsage = {
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
  };
  const price = job.prices[message.model] ?? job.prices[job.models[0]];
  const costUsd = price ? costOf(usage, price) * priceFactor : 0;
  return {
    status: "completed",
    output: message.content.filter((b) => b.type === "text").map((b) => b.text).join(""),
    model: message.model,
    turns: 1,
    usage,
    usageByModel: { [message.model]: { ...usage } },
    costUsd,
    costByModel: { [message.model]: costUsd },
    fallbacks: [],
  };
}

/** The batch turn followed by its interactive continuation, as one result. */
export function mergeResults(first: AgentJobResult, rest: AgentJobResult): AgentJobResult {
  const usageByModel: Record<string, TokenUsage> = {};
  const costByModel: Record<string, number> = {};
  for (const result of [first, rest]) {
    for (const [model, usage] of Object.entries(result.usageByModel)) {
      addUsage(usageByModel[model] ??= emptyUsage(), usage);
      costByModel[model] = (costByModel[model] ?? 0) + (result.costByModel?.[model] ?? 0);
    }
  }
  return {
    ...rest,
    turns: first.turns + rest.turns,
    usage: addUsage(addUsage(emptyUsage(), first.usage), rest.usage),
    usageByModel,
    costUsd: first.costUsd + rest.costUsd,
    costByModel,
    fallbacks: [...first.fallbacks, ...rest.fallbacks],
  };
}

/** The job that continues a batch turn that asked for tools. */
export function continuationJob(job: AgentJob, message: Message): AgentJob {
  return {
    ...job,
    history: [
      { role: "user", content: job.task },
      { role: "assistant", content: message.content },
    ],
    budget: {
      ...job.budget,
      ...(job.budget.turns !== undefined ? { turns: Math.max(0, job.budget.turns - 1) } : {}),
    },
  };
}

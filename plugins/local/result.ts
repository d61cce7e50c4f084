/**
 * The result shape of local agents: no model, no tokens, no cost.
 * @module
 */

import type { AgentJobResult } from "../../core/plugin.ts";

/** A local agent's result with zero usage. */
export function localResult(
  status: AgentJobResult["status"],
  output: string,
  error?: AgentJobResult["error"],
): AgentJobResult {
  const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  return {
    status,
    output,
    model: "local",
    turns: 0,
    usage,
    usageByModel: {},
    costUsd: 0,
    fallbacks: [],
    ...(error ? { error } : {}),
  };
}

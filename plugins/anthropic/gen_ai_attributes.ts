/**
 * Span attributes of a Messages API call after the OpenTelemetry GenAI
 * semantic conventions (`gen_ai.*`): the request's model and limits before
 * the call, the answering model, finish reason and token usage after it,
 * plus the call's cost in dollars as the custom `super_agents.cost_usd`.
 * @module
 */

import type { ModelPrice } from "../../core/plugin.ts";
import { costOf } from "../../core/router/pricing.ts";
import type { SpanAttributes } from "../../core/telemetry.ts";
import type { Message } from "./deps.ts";

/**
 * Attributes known before a `chat` call.
 *
 * @example
 * ```ts
 * withSpan(`chat ${model}`, chatRequestAttributes(model, 4096), call, { kind: "client" });
 * ```
 */
export function chatRequestAttributes(model: string, maxTokens: number): SpanAttributes {
  return {
    "gen_ai.operation.name": "chat",
    "gen_ai.system": "anthropic",
    "gen_ai.provider.name": "anthropic",
    "gen_ai.request.model": model,
    "gen_ai.request.max_tokens": maxTokens,
  };
}

/** Attributes known once the model answered: model, finish reason, usage and cost. */
export function chatResponseAttributes(message: Message, price?: ModelPrice): SpanAttributes {
  const usage = {
    inputTokens: message.usage.input_tokens,
    outputTokens: message.usage.output_tokens,
    cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
  };
  return {
    "gen_ai.response.id": message.id,
    "gen_ai.response.model": message.model,
    "gen_ai.response.finish_reasons": message.stop_reason ?? undefined,
    "gen_ai.usage.input_tokens": usage.inputTokens,
    "gen_ai.usage.output_tokens": usage.outputTokens,
    "gen_ai.usage.cache_read.input_tokens": usage.cacheReadTokens,
    "gen_ai.usage.cache_creation.input_tokens": usage.cacheWriteTokens,
    "super_agents.cost_usd": price ? costOf(usage, price) : undefined,
  };
}

/**
 * Prices and cost: `models.prices` is keyed by model id or tier (an id
 * wins), in US dollars per million tokens; cache reads and writes are priced
 * separately because prompt caching changes the bill.
 * @module
 */

import type { ModelPrice, TokenUsage } from "../plugin.ts";
import type { ModelsConfig } from "./models_config.ts";
import { tierOfModel } from "./tiers.ts";

/** The price of `model`, or `undefined` if the table has neither its id nor its tier. */
export function priceOf(model: string, models: ModelsConfig): ModelPrice | undefined {
  const direct = models.prices[model];
  if (direct) return direct;
  const tier = tierOfModel(model, models);
  return tier ? models.prices[tier] : undefined;
}

/**
 * The cost in US dollars of `usage` at `price`.
 *
 * @example
 * ```ts
 * costOf({ inputTokens: 1e6, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
 *   { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }); // 3
 * ```
 */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output +
    usage.cacheReadTokens * price.cacheRead + usage.cacheWriteTokens * price.cacheWrite) / 1e6;
}

/** Adds `b` into `a` and returns `a`. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  a.inputTokens += b.inputTokens;
  a.outputTokens += b.outputTokens;
  a.cacheReadTokens += b.cacheReadTokens;
  a.cacheWriteTokens += b.cacheWriteTokens;
  return a;
}

/** A usage record of zeros. */
export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

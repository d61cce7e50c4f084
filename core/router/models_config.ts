/**
 * The `models` section of the configuration: tier → model id, routing,
 * fallback and retry policy, availability cool-down, and the price table
 * used by budgets and the cost ledger. Defaults are the newest
 * non-deprecated id of each tier in the pinned `@anthropic-ai/sdk`'s `Model`
 * type (a test reads the SDK and checks them).
 * @module
 */

import { z } from "../deps.ts";

/** The three model tiers, most capable first. */
export const TIERS = ["opus", "sonnet", "haiku"] as const;
/** A model tier. */
export const TierSchema = z.enum(TIERS);
/** A model tier. */
export type Tier = z.infer<typeof TierSchema>;

/** US dollars per million tokens. */
export const PriceSchema = z.object({
  input: z.number().min(0),
  output: z.number().min(0),
  cacheRead: z.number().min(0),
  cacheWrite: z.number().min(0),
});

/** Per-agent routing overrides (`models.agents.<name>`). */
export const AgentRoutingSchema = z.object({
  /** A tier or a full model id; wins over the agent file's `model`. */
  model: z.string().min(1).optional(),
  /** `false` pins the agent to its model: no fallback along the chain. */
  fallback: z.boolean().optional(),
});

/** The `models` configuration section. */
export const ModelsConfigSchema = z.object({
  opus: z.string().default("claude-opus-5-5"),
  sonnet: z.string().default("claude-sonnet-5-5"),
  haiku: z.string().default("claude-haiku-5-5"),
  /** Fall back along `chain` on 429, 529 and 5xx. */
  fallback: z.boolean().default(true),
  /** Fallback order; a task starts at its tier and moves right. */
  chain: z.array(TierSchema).min(1).default(["opus", "sonnet", "haiku"]),
  /** Let task complexity and urgency move a task up or down a tier. */
  matrix: z.boolean().default(true),
  agents: z.record(z.string(), AgentRoutingSchema).default({}),
  /** Extra attempts on the last model of the chain (earlier models fall back instead). */
  retries: z.number().int().min(0).max(10).default(2),
  backoffBaseMs: z.number().int().min(0).default(500),
  backoffMaxMs: z.number().int().min(0).default(30_000),
  /** A `retry-after` longer than this is not waited for: the next model is tried at once. */
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  /** Consecutive failures that put a model in cool-down. */
  coolDownFailures: z.number().int().min(1).default(3),
  coolDownMs: z.number().int().min(0).default(60_000),
  coolDownMaxMs: z.number().int().min(0).default(15 * 60_000),
  maxTokens: z.number().int().min(1).default(8192),
  /** Message Batches turns cost this fraction of the list price. */
  batchPriceFactor: z.number().min(0).max(1).default(0.5),
  /** Keyed by model id or tier (an id wins); list prices, override with your own. */
  prices: z.record(z.string(), PriceSchema).default({
    opus: { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    sonnet: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    haiku: { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  }),
});

/** The resolved `models` section. */
export type ModelsConfig = z.infer<typeof ModelsConfigSchema>;

/**
 * What crosses into an agent's sandboxed worker, and what comes back. The
 * parent sends an {@linkcode AgentTaskConfig} as the pool task's
 * `agentConfig` (validated again on the worker side); the worker streams
 * {@linkcode Relay} messages back as job progress: output text, events and
 * model health, which only the parent may write to the project's state.
 * @module
 */

import { z } from "../core/deps.ts";
import { ModelsConfigSchema, TIERS } from "../core/router/models_config.ts";
import type { AgentJob } from "../core/plugin.ts";
import { AgentMcpConfigSchema } from "./mcp/agent_mcp_config.ts";

const usage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
});
const health = z.object({
  failures: z.number(),
  coolDownUntil: z.number(),
  coolDownMs: z.number(),
});

/** An {@linkcode AgentJob} as a schema (worker boundary). */
export const AgentJobSchema = z.object({
  id: z.string().min(1),
  agent: z.object({
    name: z.string(),
    version: z.string(),
    prompt: z.string(),
    tools: z.array(z.string()),
    thinking: z.union([
      z.object({ type: z.literal("adaptive") }),
      z.object({ type: z.literal("enabled"), budgetTokens: z.number().int() }),
    ]).optional(),
    programs: z.union([z.boolean(), z.array(z.string())]).optional(),
  }),
  task: z.string(),
  root: z.string(),
  models: z.array(z.string()).min(1),
  budget: z.object({
    turns: z.number().optional(),
    tokens: z.number().optional(),
    costUsd: z.number().optional(),
  }),
  prices: z.record(
    z.string(),
    z.object({
      input: z.number(),
      output: z.number(),
      cacheRead: z.number(),
      cacheWrite: z.number(),
    }),
  ),
  maxTokens: z.number().int().min(1),
  stream: z.boolean(),
  retry: z.object({
    retries: z.number(),
    backoffBaseMs: z.number(),
    backoffMaxMs: z.number(),
    maxRetryAfterMs: z.number(),
    coolDownFailures: z.number(),
    coolDownMs: z.number(),
    coolDownMaxMs: z.number(),
  }),
  health: z.record(z.string(), health),
  history: z.array(z.unknown()).optional(),
  shard: z.object({ index: z.number().int(), total: z.number().int() }).optional(),
}) satisfies z.ZodType<AgentJob>;

/** The `agentConfig` of a pool task that runs an agent. */
export const AgentTaskConfigSchema = z.object({
  job: AgentJobSchema,
  /** Variables the provider may read (API key, base URL); never the whole environment. */
  env: z.record(z.string(), z.string()),
  /** Programs the Bash tool may run. */
  run: z.union([z.boolean(), z.array(z.string())]),
  km: z.object({ url: z.string(), token: z.string() }).optional(),
  /** The agent's MCP servers, resolved by the parent, connected inside the worker. */
  mcp: AgentMcpConfigSchema.optional(),
});
/** The `agentConfig` of an agent task. */
export type AgentTaskConfig = z.infer<typeof AgentTaskConfigSchema>;

const grant = z.union([z.boolean(), z.array(z.string())]);

/**
 * The `agentConfig` of a queued agent job: the agent and the routing
 * configuration; the worker builds the job from the queue job's id and
 * input (routing the task itself).
 */
export const QueueAgentConfigSchema = z.object({
  template: z.object({
    agent: z.object({
      name: z.string(),
      model: z.string().optional(),
      version: z.string(),
      prompt: z.string(),
      tools: z.array(z.string()),
      thinking: AgentJobSchema.shape.agent.shape.thinking,
      budget: AgentJobSchema.shape.budget,
      permissions: z.object({ read: grant, write: grant, net: grant, run: grant, env: grant }),
    }),
    root: z.string(),
    models: ModelsConfigSchema,
    /** The learned starting tier, chosen on the main thread from the outcome history. */
    choice: z.object({
      tier: z.enum(TIERS),
      kind: z.string(),
      steps: z.array(z.string()),
      explored: z.boolean().optional(),
      thinking: z.object({ budgetTokens: z.number().int().min(1024) }).optional(),
      context: z.array(z.object({ id: z.string().max(64), text: z.string().max(4000) })).max(10)
        .optional(),
    }).optional(),
  }),
  env: z.record(z.string(), z.string()),
  run: grant,
  km: z.object({ url: z.string(), token: z.string() }).optional(),
  mcp: AgentMcpConfigSchema.optional(),
});
/** The `agentConfig` of a queued agent job. */
export type QueueAgentConfig = z.infer<typeof QueueAgentConfigSchema>;

/** A job result as returned from the worker (validated by the parent). */
export const AgentJobResultSchema = z.object({
  status: z.enum(["completed", "failed", "budget_exceeded"]),
  output: z.string(),
  model: z.string(),
  turns: z.number(),
  usage,
  usageByModel: z.record(z.string(), usage),
  costUsd: z.number(),
  costByModel: z.record(z.string(), z.number()).optional(),
  fallbacks: z.array(z.object({
    from: z.string(),
    to: z.string(),
    status: z.number().nullable(),
    reason: z.string(),
    retryAfterMs: z.number().nullable(),
  })),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() })
    .optional(),
});

/**
 * Worker → parent messages, carried in job progress `data`. `outcome` is sent
 * by queued jobs just before they end (also when they fail, so the parent can
 * record the cost of a failed run).
 */
export const RelaySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("output"), text: z.string() }),
  z.object({
    kind: z.literal("event"),
    type: z.string(),
    payload: z.record(z.string(), z.unknown()),
  }),
  z.object({ kind: z.literal("health"), model: z.string(), health }),
  z.object({ kind: z.literal("outcome"), provider: z.string(), result: AgentJobResultSchema }),
]);
/** A relayed message. */
export type Relay = z.infer<typeof RelaySchema>;

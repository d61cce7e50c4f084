/**
 * Records how a task ended: one cost-ledger line (tokens and dollars per
 * model) and the closing event — `task.completed`, `task.budget_exceeded`
 * or `task.failed` — with the same correlation id as its `task.started`.
 * Both go to the project's files, or, on a worker that reports to a remote
 * KM, through the KM's authenticated API (`sinks`).
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import { emitEvent } from "../core/events/emit.ts";
import type { EventInput } from "../core/events/schema.ts";
import type { ProjectPaths } from "../core/paths.ts";
import type { AgentJobResult } from "../core/plugin.ts";
import { costOf, priceOf } from "../core/router/pricing.ts";
import { appendLedger, type LedgerEntry } from "./cost_ledger.ts";

/** What {@linkcode recordOutcome} needs. */
export interface OutcomeRecord {
  ctx: Pick<Context, "now">;
  paths: ProjectPaths;
  config: Config;
  agent: { name: string };
  provider: string;
  taskId: string;
  correlationId: string;
  result: AgentJobResult;
  /** Where the ledger line and the closing event go (default: this project's files). */
  sinks?: OutcomeSinks;
}

/** Writers of the two records (a remote KM's API on workers of other hosts). */
export interface OutcomeSinks {
  ledger(entry: LedgerEntry): Promise<unknown>;
  event(event: EventInput): Promise<unknown>;
}

/** Total tokens of a usage record. */
export function totalTokens(usage: AgentJobResult["usage"]): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

/**
 * Appends the ledger line and emits the closing event.
 *
 * @example
 * ```ts
 * await recordOutcome({ ctx, paths, config, agent, provider: "anthropic", taskId, correlationId, result });
 * ```
 */
export async function recordOutcome(record: OutcomeRecord): Promise<void> {
  const { result, config } = record;
  const models: LedgerEntry["models"] = {};
  for (const [model, usage] of Object.entries(result.usageByModel)) {
    const price = priceOf(model, config.models);
    const costUsd = result.costByModel?.[model] ?? (price ? costOf(usage, price) : 0);
    models[model] = { ...usage, costUsd };
  }
  const tokens = totalTokens(result.usage);
  const sinks: OutcomeSinks = record.sinks ?? {
    ledger: (entry) => appendLedger(record.paths, entry),
    event: (event) => emitEvent(record.paths, event),
  };
  await sinks.ledger({
    ts: record.ctx.now(),
    task: record.taskId,
    agent: record.agent.name,
    provider: record.provider,
    status: result.status,
    turns: result.turns,
    costUsd: result.costUsd,
    tokens,
    models,
    fallbacks: result.fallbacks.length,
  });
  const type = result.status === "completed"
    ? "task.completed"
    : result.status === "budget_exceeded"
    ? "task.budget_exceeded"
    : "task.failed";
  await sinks.event({
    type,
    agent: record.agent.name,
    task: record.taskId,
    correlationId: record.correlationId,
    payload: {
      status: result.status,
      model: result.model,
      turns: result.turns,
      tokens,
      costUsd: result.costUsd,
      fallbacks: result.fallbacks.length,
      ...(result.error ? { error: result.error } : {}),
    },
  });
}

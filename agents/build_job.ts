/**
 * Turns an agent definition and a task into a routed, budgeted
 * {@linkcode AgentJob}: the router picks the model and the fallback chain
 * (skipping nothing yet: cool-downs are applied while running), the prices
 * of the chain come from `models.prices`, and the availability known so far
 * travels with the job.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { AgentJob, ModelPrice } from "../core/plugin.ts";
import type { AvailabilityMonitor } from "../core/router/availability.ts";
import type { Urgency } from "../core/router/matrix.ts";
import { priceOf } from "../core/router/pricing.ts";
import { routeAgent, type RouteDecision, type RouteInput } from "../core/router/route.ts";
import type { TierChooser } from "../core/router/tier_chooser.ts";
import type { AgentDefinition } from "./definition.ts";

/** The parts of a definition a job needs (plain JSON: it travels to queue workers). */
export type AgentSpec = Pick<
  AgentDefinition,
  "name" | "model" | "version" | "prompt" | "tools" | "thinking" | "budget" | "permissions"
>;

/** Options of {@linkcode buildJob}. */
export interface BuildJobOptions {
  id: string;
  root: string;
  agent: AgentSpec;
  task: string;
  config: Pick<Config, "models">;
  model?: string;
  urgency?: Urgency;
  stream: boolean;
  shard?: { index: number; total: number };
  monitor?: AvailabilityMonitor;
  /** The learned tier chooser (never asked when the model is pinned). */
  chooser?: TierChooser;
  chooserInput?: RouteInput["chooserInput"];
}

/** The task with the notes the router chose for its context (lessons), cited by id. */
function withContext(task: string, context: { id: string; text: string }[] | undefined): string {
  if (!context?.length) return task;
  const notes = context.map((note) => `[${note.id}] ${note.text}`).join("\n\n");
  return `${task}\n\n# Lessons from earlier tasks (cite them by id when you use one)\n\n${notes}`;
}

/** The API's smallest thinking budget. */
const MIN_THINKING_TOKENS = 1024;

/**
 * Extended thinking the router chose, within the agent's budget: at most
 * half its token budget (the answer needs the rest), none below the API's
 * minimum.
 */
function routedThinking(
  chosen: { budgetTokens: number } | undefined,
  budget: AgentSpec["budget"],
): AgentJob["agent"]["thinking"] {
  if (!chosen) return undefined;
  const cap = budget.tokens === undefined ? Infinity : Math.floor(budget.tokens / 2);
  const budgetTokens = Math.min(chosen.budgetTokens, cap);
  return budgetTokens >= MIN_THINKING_TOKENS ? { type: "enabled", budgetTokens } : undefined;
}

/** A new task id (valid as a queue job id). */
export function newTaskId(now = Date.now()): string {
  return `task_${now.toString(36)}${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
}

/**
 * Routes and builds the job.
 *
 * @example
 * ```ts
 * const { job, route } = buildJob({ id: newTaskId(), root, agent, task, config, stream: true });
 * route.chain; // ["claude-sonnet-5-5", "claude-haiku-5-5"]
 * ```
 */
export function buildJob(options: BuildJobOptions): { job: AgentJob; route: RouteDecision } {
  const { agent, config } = options;
  const models = config.models;
  const route = routeAgent({
    agent: agent.name,
    agentModel: agent.model,
    task: options.task,
    urgency: options.urgency,
    override: options.model,
    models,
    availability: options.monitor ? (m) => options.monitor!.availability(m) : undefined,
    ...(options.chooser ? { chooser: options.chooser } : {}),
    ...(options.chooserInput ? { chooserInput: options.chooserInput } : {}),
  });
  const prices: Record<string, ModelPrice> = {};
  for (const model of route.chain) {
    const price = priceOf(model, models);
    if (price) prices[model] = price;
  }
  const health: AgentJob["health"] = {};
  for (const model of route.chain) {
    const known = options.monitor?.health(model);
    if (known) {
      health[model] = {
        failures: known.failures,
        coolDownUntil: known.coolDownUntil,
        coolDownMs: known.coolDownMs,
      };
    }
  }
  const thinking = agent.thinking ?? routedThinking(route.adaptive?.thinking, agent.budget);
  const thinkingBudget = thinking?.type === "enabled" ? thinking.budgetTokens : 0;
  const job: AgentJob = {
    id: options.id,
    agent: {
      name: agent.name,
      version: agent.version,
      prompt: agent.prompt,
      tools: agent.tools,
      programs: agent.permissions.run,
      ...(thinking ? { thinking } : {}),
    },
    task: withContext(options.task, route.adaptive?.context),
    root: options.root,
    models: route.chain,
    budget: agent.budget,
    prices,
    maxTokens: Math.max(models.maxTokens, thinkingBudget + 1024),
    stream: options.stream,
    retry: {
      retries: models.retries,
      backoffBaseMs: models.backoffBaseMs,
      backoffMaxMs: models.backoffMaxMs,
      maxRetryAfterMs: models.maxRetryAfterMs,
      coolDownFailures: models.coolDownFailures,
      coolDownMs: models.coolDownMs,
      coolDownMaxMs: models.coolDownMaxMs,
    },
    health,
    ...(options.shard ? { shard: options.shard } : {}),
  };
  return { job, route };
}

/**
 * The routing decision for one task: which model an agent starts on, and the
 * fallback chain after it. Precedence: `--model` > `models.agents.<name>.model`
 * > the agent file's `model` > the default assignment of its role > sonnet;
 * then the complexity × urgency matrix may move a tier up or down (not a
 * pinned full model id), and a tier chooser a plugin contributes (learned
 * from outcomes, `tier_chooser.ts`) may move the tier again — never a pinned
 * model. Each step is recorded so `router explain` can show why.
 * @module
 */

import { defaultTier, FALLBACK_TIER } from "./assign.ts";
import type { Availability } from "./availability.ts";
import { type Complexity, estimateComplexity, MATRIX, type Urgency } from "./matrix.ts";
import type { ModelsConfig, Tier } from "./models_config.ts";
import type { TierChoice, TierChooser, TierChooserInput } from "./tier_chooser.ts";
import { isTier, resolveModel, shiftTier } from "./tiers.ts";

/** What the router needs to know about a task. */
export interface RouteInput {
  agent: string;
  /** The agent file's `model` (alias or id), if any. */
  agentModel?: string;
  task: string;
  urgency?: Urgency;
  /** `--model`: a tier or a full id; skips the matrix. */
  override?: string;
  models: ModelsConfig;
  /** Current availability of a model, to show cool-downs. */
  availability?: (model: string) => Availability;
  /** Learned tier choice (not asked when the model is pinned). */
  chooser?: TierChooser;
  /** What the chooser is told beyond the task (`kind`, `version`, `jobId`). */
  chooserInput?: Pick<TierChooserInput, "kind" | "version" | "jobId">;
}

/** The router's decision and how it was reached. */
export interface RouteDecision {
  agent: string;
  tier: Tier | undefined;
  model: string;
  /** Models to try in order (starts with `model`). */
  chain: string[];
  fallback: boolean;
  complexity: Complexity;
  urgency: Urgency;
  /** Human-readable reasoning, one line per step. */
  steps: string[];
  availability: Record<string, Availability>;
  /** The chooser's answer, when it was asked and answered. */
  adaptive?: TierChoice;
}

/**
 * Routes one task.
 *
 * @example
 * ```ts
 * const decision = routeAgent({ agent: "architect-agent", task: "design the cache", models: config.models });
 * decision.chain; // ["claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"]
 * ```
 */
export function routeAgent(input: RouteInput): RouteDecision {
  const { models, agent } = input;
  const steps: string[] = [];
  const urgency = input.urgency ?? "normal";
  const { complexity, reasons } = estimateComplexity(input.task);
  const configured = models.agents[agent];
  let spec: string;
  let pinned = false;
  if (input.override) {
    spec = input.override;
    pinned = true;
    steps.push(`--model ${spec} given: matrix skipped`);
  } else if (configured?.model) {
    spec = configured.model;
    steps.push(`config models.agents.${agent}.model = ${spec}`);
  } else if (input.agentModel && input.agentModel !== "inherit") {
    spec = input.agentModel;
    steps.push(`agent file model: ${spec}`);
  } else {
    const role = defaultTier(agent);
    spec = role ?? FALLBACK_TIER;
    steps.push(
      role ? `default assignment for ${agent}: ${role}` : `no assignment: default tier ${spec}`,
    );
  }
  let { model, tier } = resolveModel(spec, models);
  if (!isTier(spec)) pinned = true;
  if (!pinned && tier && models.matrix) {
    const shift = MATRIX[complexity][urgency];
    const moved = shiftTier(tier, shift);
    steps.push(
      `matrix: complexity ${complexity} (${reasons.join(", ")}) × urgency ${urgency} → ${
        shift > 0 ? "up" : shift < 0 ? "down" : "stay"
      }${moved === tier ? "" : ` to ${moved}`}`,
    );
    tier = moved;
    model = models[moved];
  }
  let adaptive: TierChoice | undefined;
  if (!pinned && tier && input.chooser) {
    adaptive = input.chooser.choose({
      agent,
      task: input.task,
      baseTier: tier,
      ...input.chooserInput,
    });
    if (adaptive) {
      steps.push(...adaptive.steps.map((step) => `adaptive: ${step}`));
      if (adaptive.tier !== tier) steps.push(`adaptive: ${tier} → ${adaptive.tier}`);
      tier = adaptive.tier;
      model = models[tier];
    }
  }
  const fallback = models.fallback && configured?.fallback !== false;
  let chain = [model];
  if (!fallback) {
    steps.push(
      models.fallback
        ? `fallback disabled for ${agent} (models.agents.${agent}.fallback)`
        : "fallback disabled (models.fallback)",
    );
  } else if (tier && models.chain.includes(tier)) {
    const rest = models.chain.slice(models.chain.indexOf(tier) + 1).map((t) => models[t]);
    chain = [model, ...rest.filter((m) => m !== model)];
    steps.push(`fallback chain: ${chain.join(" → ")}`);
  } else {
    steps.push(`${model} is not on the chain (${models.chain.join(" → ")}): no fallback`);
  }
  const availability: Record<string, Availability> = {};
  for (const id of chain) {
    availability[id] = input.availability?.(id) ?? "available";
    if (availability[id] !== "available") steps.push(`${id} is ${availability[id]}`);
  }
  return {
    agent,
    tier,
    model,
    chain,
    fallback,
    complexity,
    urgency,
    steps,
    availability,
    ...(adaptive ? { adaptive } : {}),
  };
}

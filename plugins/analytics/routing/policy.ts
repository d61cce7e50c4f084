/**
 * The adaptive routing policy, as a pure function of the evidence: start
 * on the cheapest tier whose recent success rate on this agent's task kind
 * meets the target (a tier needs `minSamples` outcomes to count; with none,
 * the router's own tier stands); never stay on a tier known to miss the
 * target; one tier up right after a failure on the tier it would choose;
 * and, with probability `explore`, one tier cheaper when a Thompson draw
 * from that tier's Beta posterior reaches the target (bounded: one step,
 * seeded). Every rule it applies is a line of `steps`.
 * @module
 */

import type { Tier } from "../../../core/router/models_config.ts";
import { betaSample, type Random } from "../stats/seeded_random.ts";

/** Tiers from cheapest to most capable. */
export const CHEAPEST_FIRST: readonly Tier[] = ["haiku", "sonnet", "opus"];

/** What is known of one tier on one agent and kind. */
export interface TierEvidence {
  tier: Tier;
  samples: number;
  successes: number;
  medianCostUsd: number | null;
}

/** What the policy decides from. */
export interface PolicyInput {
  kind: string;
  baseTier: Tier;
  evidence: readonly TierEvidence[];
  /** The newest outcome of this agent and kind. */
  last?: { tier: string | null; ok: boolean };
  target: number;
  minSamples: number;
  explore: number;
  random: Random;
}

/** The policy's answer. */
export interface PolicyChoice {
  tier: Tier;
  steps: string[];
  explored: boolean;
}

/** "sonnet: 47 of 50 succeeded at $0.012 median" (or "haiku: no outcomes yet"). */
export function describeEvidence(e: TierEvidence): string {
  if (e.samples === 0) return `${e.tier}: no outcomes yet`;
  const cost = e.medianCostUsd === null ? "" : ` at $${e.medianCostUsd.toFixed(4)} median`;
  return `${e.tier}: ${e.successes} of ${e.samples} succeeded${cost}`;
}

/**
 * Chooses the tier.
 *
 * @example
 * ```ts
 * choosePolicy({ kind: "review", baseTier: "opus", evidence, target: 0.9, minSamples: 10, explore: 0, random: Math.random });
 * ```
 */
export function choosePolicy(input: PolicyInput): PolicyChoice {
  const { target, minSamples } = input;
  const byTier = new Map(input.evidence.map((e) => [e.tier, e]));
  const rate = (e: TierEvidence | undefined) =>
    e && e.samples >= minSamples ? e.successes / e.samples : undefined;
  const meets = (tier: Tier) => (rate(byTier.get(tier)) ?? -1) >= target;
  const misses = (tier: Tier) => {
    const r = rate(byTier.get(tier));
    return r !== undefined && r < target;
  };
  const steps = input.evidence.map(describeEvidence);
  const pct = `${Math.round(target * 100)}%`;
  let tier = CHEAPEST_FIRST.find(meets);
  if (tier) {
    steps.push(`${tier} is the cheapest tier at or above the ${pct} target on ${input.kind}`);
  } else {
    tier = input.baseTier;
    steps.push(`no tier has ${minSamples}+ outcomes at ${pct} on ${input.kind}: keep ${tier}`);
  }
  while (misses(tier) && up(tier) !== tier) {
    steps.push(`${tier} misses the ${pct} target: up to ${up(tier)}`);
    tier = up(tier);
  }
  if (input.last && !input.last.ok && input.last.tier === tier && up(tier) !== tier) {
    steps.push(`the last ${input.kind} task on ${tier} failed: escalate to ${up(tier)}`);
    return { tier: up(tier), steps, explored: false };
  }
  const cheaper = down(tier);
  if (cheaper !== tier && input.explore > 0 && input.random() < input.explore) {
    const e = byTier.get(cheaper) ??
      { tier: cheaper, samples: 0, successes: 0, medianCostUsd: null };
    const draw = betaSample(e.successes + 1, e.samples - e.successes + 1, input.random);
    if (draw >= target) {
      steps.push(`explore: Thompson draw ${draw.toFixed(3)} for ${cheaper} reaches ${pct}: try it`);
      return { tier: cheaper, steps, explored: true };
    }
    steps.push(`explore: Thompson draw ${draw.toFixed(3)} for ${cheaper} is below ${pct}`);
  }
  return { tier, steps, explored: false };
}

function up(tier: Tier): Tier {
  return CHEAPEST_FIRST[Math.min(CHEAPEST_FIRST.length - 1, CHEAPEST_FIRST.indexOf(tier) + 1)];
}

function down(tier: Tier): Tier {
  return CHEAPEST_FIRST[Math.max(0, CHEAPEST_FIRST.indexOf(tier) - 1)];
}

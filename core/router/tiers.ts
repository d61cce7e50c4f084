/**
 * Tiers and model ids: `opus`, `sonnet` and `haiku` name the configured ids
 * (`models.opus` ...); a full id maps back to its tier by configuration or,
 * failing that, by the tier name inside the id (`claude-sonnet-4-6`).
 * @module
 */

import { type ModelsConfig, type Tier, TIERS } from "./models_config.ts";

/** True for `opus`, `sonnet` and `haiku`. */
export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

/** The tier of a model id, if it can be told. */
export function tierOfModel(model: string, models: ModelsConfig): Tier | undefined {
  if (isTier(model)) return model;
  const configured = TIERS.find((tier) => models[tier] === model);
  return configured ?? TIERS.find((tier) => model.includes(`-${tier}`));
}

/**
 * Resolves a tier or a model id to a concrete id and its tier.
 *
 * @example
 * ```ts
 * resolveModel("opus", config.models); // { model: "claude-opus-5-5", tier: "opus" }
 * ```
 */
export function resolveModel(spec: string, models: ModelsConfig): { model: string; tier?: Tier } {
  if (isTier(spec)) return { model: models[spec], tier: spec };
  return { model: spec, tier: tierOfModel(spec, models) };
}

/** Moves a tier up (positive) or down (negative), clamped to the ends. */
export function shiftTier(tier: Tier, shift: number): Tier {
  // TIERS is ordered most capable first, so "up" is a lower index.
  const index = Math.min(TIERS.length - 1, Math.max(0, TIERS.indexOf(tier) - shift));
  return TIERS[index];
}

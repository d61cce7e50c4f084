/**
 * Default model tier per agent role (the roadmap's assignment): fast haiku
 * for the guardians that run on every commit and for first response, opus
 * for the agents whose work is reasoning, sonnet for the rest.
 * @module
 */

import type { Tier } from "./models_config.ts";

/** Role (agent name without `-agent`) → default tier. */
export const DEFAULT_TIERS: Readonly<Record<string, Tier>> = {
  "filesystem-guardian": "haiku",
  "incident-response": "haiku",
  architect: "opus",
  "contract-guardian": "opus",
  developer: "sonnet",
  reviewer: "sonnet",
  pm: "sonnet",
  "test-executor": "sonnet",
  integrator: "sonnet",
  security: "sonnet",
  documentation: "sonnet",
  "performance-optimizer": "sonnet",
  dependency: "sonnet",
};

/** The tier used for agents with no assignment anywhere. */
export const FALLBACK_TIER: Tier = "sonnet";

/**
 * The default tier of an agent by its role.
 *
 * @example
 * ```ts
 * defaultTier("architect-agent"); // "opus"
 * ```
 */
export function defaultTier(agent: string): Tier | undefined {
  return DEFAULT_TIERS[agent.replace(/-agent$/, "")];
}

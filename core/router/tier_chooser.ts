/**
 * The router's one seam for learned routing: a tier chooser, contributed by
 * a plugin (`tierChoosers` in its manifest), may move an agent's starting
 * tier after the router's own rules (assignment, complexity × urgency) have
 * given one. The router never asks it when the model is pinned (`--model`,
 * or a full model id in the agent file or the configuration): an explicit
 * model always wins. A chooser is synchronous and cheap (it runs once per
 * job, on the main thread), and explains its choice in `steps`.
 * @module
 */

import type { Tier } from "./models_config.ts";

/** What a chooser is asked for one task. */
export interface TierChooserInput {
  agent: string;
  /** The task text (the chooser derives its kind from it unless `kind` is given). */
  task: string;
  /** The tier the router's rules gave: the starting point. */
  baseTier: Tier;
  /** A task kind given by the caller (`router explain --kind`), instead of one from the text. */
  kind?: string;
  /** The agent's version, when known (kept with the decision). */
  version?: string;
  /** The job the choice is for, when there is one (seeds exploration; joins the outcome). */
  jobId?: string;
}

/** A chooser's answer: the tier to start on and why. */
export interface TierChoice {
  tier: Tier;
  /** The task kind the evidence was taken for. */
  kind: string;
  /** One line per piece of evidence or rule applied (shown by `router explain`). */
  steps: string[];
  /** True when the tier was picked to explore (not the best known). */
  explored?: boolean;
  /**
   * Extended thinking for this task (an agent file's own `thinking` wins); the
   * runtime bounds the budget by the agent's token budget.
   */
  thinking?: { budgetTokens: number };
  /** Notes for the task's context (lessons from earlier work), each cited by its id. */
  context?: { id: string; text: string }[];
}

/** A tier chooser. */
export interface TierChooser {
  /** The tier to start on, or undefined to keep the router's. */
  choose(input: TierChooserInput): TierChoice | undefined;
  /** Releases what it holds (a database). */
  close(): void;
}

/** What a `tierChoosers` module's `createTierChooser` returns (undefined: nothing to learn from). */
export interface TierChooserModule {
  createTierChooser(options: {
    paths: { root: string; state: string };
    now: () => number;
    /** The loaded configuration (a plugin reads its own section of it). */
    config: object;
  }): Promise<TierChooser | undefined>;
}

/**
 * A chooser that gives one decision made elsewhere (by the main thread,
 * for a job that routes again inside its sandbox).
 *
 * @example
 * ```ts
 * routeAgent({ ...input, chooser: fixedChooser(template.choice) });
 * ```
 */
export function fixedChooser(choice: TierChoice | undefined): TierChooser | undefined {
  if (!choice) return undefined;
  return { choose: () => choice, close: () => {} };
}

/**
 * The budget watchdog of one task: turns, tokens and cost, enforced by us
 * (not by the model). It is asked before every model call and after every
 * answer; once a limit is reached the task stops — fail closed — with a
 * reason that names the limit, what was used, and how to raise it.
 * @module
 */

import type { AgentJob, TokenUsage } from "../core/plugin.ts";

/** Why a task was stopped. */
export interface BudgetStop {
  limit: "turns" | "tokens" | "costUsd";
  message: string;
  hint: string;
}

/** Tracks one task's spending against its budget. */
export class BudgetWatchdog {
  readonly #budget: AgentJob["budget"];
  readonly #agent: string;

  constructor(budget: AgentJob["budget"], agent: string) {
    this.#budget = budget;
    this.#agent = agent;
  }

  /**
   * The stop reason if another model call would exceed the budget.
   *
   * @example
   * ```ts
   * const stop = new BudgetWatchdog({ turns: 3 }, "developer-agent").beforeCall(3);
   * stop?.limit; // "turns"
   * ```
   */
  beforeCall(turns: number): BudgetStop | undefined {
    const max = this.#budget.turns;
    if (max !== undefined && turns >= max) {
      return this.#stop("turns", `turn budget of ${max} reached`);
    }
    return undefined;
  }

  /** The stop reason if what has been used already reaches a limit. */
  afterCall(usage: TokenUsage, costUsd: number): BudgetStop | undefined {
    const tokens = usage.inputTokens + usage.outputTokens + usage.cacheReadTokens +
      usage.cacheWriteTokens;
    const maxTokens = this.#budget.tokens;
    if (maxTokens !== undefined && tokens >= maxTokens) {
      return this.#stop("tokens", `token budget of ${maxTokens} reached (${tokens} used)`);
    }
    const maxCost = this.#budget.costUsd;
    if (maxCost !== undefined && costUsd >= maxCost) {
      return this.#stop(
        "costUsd",
        `cost budget of $${maxCost} reached ($${costUsd.toFixed(4)} used)`,
      );
    }
    return undefined;
  }

  #stop(limit: BudgetStop["limit"], what: string): BudgetStop {
    return {
      limit,
      message: `${this.#agent} stopped: ${what}`,
      hint: `raise budget.${limit} in the agent file, or split the task into smaller ones`,
    };
  }
}

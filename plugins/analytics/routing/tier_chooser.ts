/**
 * The analytics plugin's tier chooser (its manifest's `tierChoosers`
 * contribution): for each task, the evidence of the agent's recent outcomes
 * on the task's kind, per tier, from the outcome history; the policy's
 * choice; and the decision kept with the job's id, so the outcome recorded
 * later says which tier was chosen and whether it was an exploration.
 * @module
 */

import { estimateComplexity } from "../../../core/router/matrix.ts";
import type { Tier } from "../../../core/router/models_config.ts";
import type {
  TierChoice,
  TierChooser,
  TierChooserInput,
} from "../../../core/router/tier_chooser.ts";
import { type AnalyticsConfig, analyticsConfigOrOff } from "../config.ts";
import { historyPath, openOutcomeStore, type OutcomeStore } from "../history/outcome_store.ts";
import { taskKind } from "../history/task_kind.ts";
import { median } from "../stats/percentile.ts";
import { seededRandom, seedOf } from "../stats/seeded_random.ts";
import { CHEAPEST_FIRST, choosePolicy, type TierEvidence } from "./policy.ts";
import type { LessonBook } from "../lessons/lesson_book.ts";
import { openLessonBook } from "../lessons/open_lesson_book.ts";

const DAY_MS = 86_400_000;

/** The evidence for one agent and kind, per tier (cheapest first). */
export function tierEvidence(
  store: OutcomeStore,
  settings: AnalyticsConfig["routing"],
  agent: string,
  kind: string,
  now: number,
): TierEvidence[] {
  const since = now - settings.maxAgeDays * DAY_MS;
  return CHEAPEST_FIRST.map((tier: Tier) => {
    const samples = store.samples(agent, kind, tier, since, settings.window);
    const successes = samples.filter((s) => s.ok).length;
    return {
      tier,
      samples: samples.length,
      successes,
      medianCostUsd: samples.length ? median(samples.map((s) => s.costUsd)) : null,
    };
  });
}

/**
 * Extended thinking for a task, from its features and history: on for a
 * task of high complexity (as the router's matrix rates it) and right after
 * a failure of this agent on this kind of task.
 */
export function thinkingFor(
  settings: AnalyticsConfig["thinking"],
  task: string,
  kind: string,
  last: { ok: boolean } | undefined,
): { budgetTokens: number; why: string } | undefined {
  if (!settings.enabled) return undefined;
  const budgetTokens = settings.budgetTokens;
  const { complexity, reasons } = estimateComplexity(task);
  if (complexity === "high") {
    return {
      budgetTokens,
      why: `extended thinking (${budgetTokens} tokens): complexity high (${reasons.join(", ")})`,
    };
  }
  if (last && !last.ok) {
    return {
      budgetTokens,
      why: `extended thinking (${budgetTokens} tokens): the last ${kind} task failed`,
    };
  }
  return undefined;
}

/**
 * A chooser over an open store.
 *
 * @example
 * ```ts
 * const chooser = adaptiveChooser(store, settings, Date.now);
 * chooser.choose({ agent: "architect-agent", task: "design the cache", baseTier: "opus" });
 * ```
 */
export function adaptiveChooser(
  store: OutcomeStore,
  settings: AnalyticsConfig,
  now: () => number,
  lessons?: { book: LessonBook; close(): void },
): TierChooser {
  const routing = settings.routing;
  return {
    choose(input: TierChooserInput): TierChoice | undefined {
      if (!routing.enabled) return undefined;
      const at = now();
      const kind = taskKind(input.task, input.kind); // a hostile kind falls back to the text's
      const evidence = tierEvidence(store, routing, input.agent, kind, at);
      const last = store.last(input.agent, kind, at - routing.maxAgeDays * DAY_MS);
      const random = seededRandom(
        seedOf(routing.seed, input.jobId ?? `${input.agent}\n${kind}\n${at}`),
      );
      const choice = choosePolicy({
        kind,
        baseTier: input.baseTier,
        evidence,
        ...(last ? { last } : {}),
        target: routing.target,
        minSamples: routing.minSamples,
        explore: routing.explore,
        random,
      });
      const thinking = thinkingFor(settings.thinking, input.task, kind, last);
      if (thinking) choice.steps.push(thinking.why);
      const context = lessons && settings.lessons.perTask > 0
        ? lessons.book.recall(input.agent, input.task, settings.lessons.perTask)
        : [];
      if (context.length) choice.steps.push(`lessons: ${context.map((c) => c.id).join(", ")}`);
      if (input.jobId) {
        // The decision and the lessons it gave: one transaction (one commit per job).
        store.db.exec("BEGIN IMMEDIATE");
        try {
          lessons?.book.cite(input.jobId, context.map((c) => Number(c.id.slice("lesson:".length))));
          store.decide({
            jobId: input.jobId,
            agent: input.agent,
            version: input.version ?? null,
            kind,
            tier: choice.tier,
            baseTier: input.baseTier,
            explored: choice.explored,
            at,
          });
          store.db.exec("COMMIT");
        } catch (error) {
          store.db.exec("ROLLBACK");
          throw error;
        }
      }
      return {
        tier: choice.tier,
        kind,
        steps: choice.steps,
        explored: choice.explored,
        ...(thinking ? { thinking: { budgetTokens: thinking.budgetTokens } } : {}),
        ...(context.length ? { context } : {}),
      };
    },
    close: () => {
      store.close();
      lessons?.close();
    },
  };
}

/**
 * The contribution's factory: the project's chooser (routing enabled in
 * the `analytics` config section, the default), or undefined when it is
 * off or the section is invalid (the configuration loader reported it).
 */
export async function createTierChooser(
  options: { paths: { root: string; state: string }; now: () => number; config: object },
): Promise<TierChooser | undefined> {
  const settings = analyticsConfigOrOff(options.config);
  if (!settings?.routing.enabled) return undefined;
  const store = openOutcomeStore(historyPath(options.paths));
  const lessons = settings.lessons.enabled
    ? await openLessonBook(options.paths, store, options.now)
    : undefined;
  return adaptiveChooser(store, settings, options.now, lessons);
}

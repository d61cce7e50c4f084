/**
 * The outcome history's job listener (the analytics plugin's `jobListeners`
 * contribution): when a worker finishes a job — succeeded, or dead after
 * its last attempt — one history row is derived from what is already
 * recorded: the job (agent, input, attempts, start and finish times,
 * error), the cost ledger lines of its attempts (provider, models, turns,
 * tokens, cost, fallbacks) and the router's decision for it (tier, kind,
 * agent version, exploration). A reviewer or test job that depended on
 * earlier jobs sets their downstream verdict. Old rows are pruned by age
 * and count; after each row the agent's alerts are evaluated.
 * @module
 */

import type { JobListener, JobListenerOptions } from "../../../core/plugin_host/job_listener.ts";
import type { Job } from "../../../core/queue/job.ts";
import type { LedgerLine } from "../../../core/km_client/ledger_line.ts";
import type { ModelsConfig } from "../../../core/router/models_config.ts";
import { tierOfModel } from "../../../core/router/tiers.ts";
import { taskText } from "../../../agents/task_text.ts";
import { type AnalyticsConfig, analyticsConfigOrOff } from "../config.ts";
import { AlertCenter } from "../alerts/alert_center.ts";
import { LedgerTail } from "./ledger_tail.ts";
import type { LessonBook } from "../lessons/lesson_book.ts";
import { openLessonBook } from "../lessons/open_lesson_book.ts";
import {
  type DecisionRow,
  historyPath,
  openOutcomeStore,
  type Outcome,
  type OutcomeRow,
  type OutcomeStore,
} from "./outcome_store.ts";
import { inputKind, taskFeatures, taskKind } from "./task_kind.ts";

const DAY_MS = 86_400_000;
const PRUNE_EVERY = 500;
/**
 * An agent's alerts are evaluated after its job at most this often: their
 * queries read up to a few hundred rows per comparison, too much to repeat
 * after every job of a busy agent.
 */
export const EVALUATE_EVERY_MS = 10_000;

/** The downstream verdict a finished reviewer or test job gives the jobs it depended on. */
export function downstreamOf(
  job: Job,
): { field: "review" | "tests"; verdict: "pass" | "fail" } | undefined {
  const field = /review/.test(job.agent) ? "review" : /test/.test(job.agent) ? "tests" : undefined;
  if (!field || job.dependsOn.length === 0) return undefined;
  if (job.state !== "succeeded") return { field, verdict: "fail" };
  const output = (job.result as { output?: unknown } | null)?.output;
  const said = typeof output === "string"
    ? /verdict:\s*\**\s*(fail|reject|request(?:ed)? changes)/i.test(output)
    : false;
  return { field, verdict: said ? "fail" : "pass" };
}

/**
 * The history row of a finished job.
 *
 * @example
 * ```ts
 * const row = outcomeRow(job, ledgerLines, store.decision(job.id), config.models);
 * ```
 */
export function outcomeRow(
  job: Job,
  ledger: readonly LedgerLine[],
  decision: DecisionRow | undefined,
  models: ModelsConfig,
): OutcomeRow {
  const result = job.result as
    | { model?: string; turns?: number; costUsd?: number; fallbacks?: unknown[] }
    | null;
  const lastLine = ledger.at(-1);
  const firstModel = ledger.map((line) => Object.keys(line.models)[0]).find(Boolean);
  const model = result?.model ?? (lastLine ? Object.keys(lastLine.models).at(-1) : undefined);
  const text = taskText(job.input);
  const sum = (pick: (line: LedgerLine) => number) =>
    ledger.reduce((total, line) => total + pick(line), 0);
  let outcome: Outcome = "dead";
  if (job.state === "succeeded") outcome = "succeeded";
  else if (lastLine?.status === "budget_exceeded") outcome = "budget_exceeded";
  else if (lastLine) outcome = "failed";
  const tier = decision?.tier ??
    (firstModel ? tierOfModel(firstModel, models) : model ? tierOfModel(model, models) : undefined);
  return {
    jobId: job.id,
    agent: job.agent,
    version: decision?.version ?? null,
    provider: lastLine?.provider ?? null,
    model: model ?? null,
    tier: tier ?? null,
    kind: decision?.kind ?? taskKind(text, inputKind(job.input)),
    features: taskFeatures(text),
    turns: ledger.length ? sum((l) => l.turns) : result?.turns ?? 0,
    tokens: sum((l) => l.tokens),
    costUsd: ledger.length ? sum((l) => l.costUsd) : result?.costUsd ?? 0,
    latencyMs: Math.max(0, (job.finishedAt ?? job.updatedAt) - (job.startedAt ?? job.createdAt)),
    outcome,
    errorCode: job.error?.code ?? null,
    retries: Math.max(0, job.attempts - 1),
    fallbacks: ledger.length ? sum((l) => l.fallbacks) : result?.fallbacks?.length ?? 0,
    review: null,
    tests: null,
    explored: decision?.explored ?? false,
    enqueuedAt: Math.max(job.createdAt, Math.min(job.runAfter, job.startedAt ?? job.runAfter)),
    startedAt: job.startedAt ?? job.createdAt,
    finishedAt: job.finishedAt ?? job.updatedAt,
  };
}

/** Records finished jobs into `store`; see the module doc. */
export class HistoryRecorder implements JobListener {
  readonly #store: OutcomeStore;
  readonly #tail: LedgerTail;
  readonly #settings: AnalyticsConfig;
  readonly #models: ModelsConfig;
  readonly #alerts: AlertCenter | undefined;
  readonly #lessons: LessonBook | undefined;
  readonly #onError: JobListenerOptions["onError"];
  readonly #now: () => number;
  #recorded = 0;
  readonly #evaluated = new Map<string, number>();

  constructor(options: {
    store: OutcomeStore;
    tail: LedgerTail;
    settings: AnalyticsConfig;
    models: ModelsConfig;
    alerts?: AlertCenter;
    lessons?: LessonBook;
    onError: JobListenerOptions["onError"];
    now: () => number;
  }) {
    this.#store = options.store;
    this.#tail = options.tail;
    this.#settings = options.settings;
    this.#models = options.models;
    this.#alerts = options.alerts;
    this.#lessons = options.lessons;
    this.#onError = options.onError;
    this.#now = options.now;
    this.#prune();
  }

  ended(job: Job, what: string): void {
    if (what !== "job.succeeded" && what !== "job.dead") return;
    try {
      const decision = this.#store.decision(job.id);
      const row = outcomeRow(job, this.#tail.take(job.id), decision, this.#models);
      this.#store.record(row);
      const downstream = downstreamOf(job);
      if (downstream) {
        this.#store.setDownstream(job.dependsOn, downstream.field, downstream.verdict);
      }
      this.#learn(job, row, downstream?.verdict, decision !== undefined);
      if (++this.#recorded % PRUNE_EVERY === 0) this.#prune();
      this.#evaluate(row.agent);
    } catch (error) {
      this.#onError(error, `outcome history of ${job.id}`);
    }
  }

  #evaluate(agent: string): void {
    if (!this.#alerts) return;
    const now = this.#now();
    if (now - (this.#evaluated.get(agent) ?? -Infinity) < EVALUATE_EVERY_MS) return;
    this.#evaluated.set(agent, now);
    this.#alerts.evaluate(agent);
  }

  /** `routed`: the router chose this job's model (a model agent; local checks teach nothing). */
  #learn(
    job: Job,
    row: OutcomeRow,
    verdict: "pass" | "fail" | undefined,
    routed: boolean,
  ): void {
    const book = this.#lessons;
    if (!book) return;
    const succeeded = row.outcome === "succeeded";
    book.jobEnded(job.id, succeeded);
    if (verdict) book.verdict(job.dependsOn, verdict === "pass");
    const output = (job.result as { output?: unknown } | null)?.output;
    if (succeeded && routed && typeof output === "string") {
      book.learn(job, row.kind, taskText(job.input), output);
    }
  }

  async settle(): Promise<void> {
    await this.#alerts?.settle();
  }

  #prune(): void {
    const { retentionDays, maxRows } = this.#settings.history;
    this.#store.prune(this.#now(), retentionDays * DAY_MS, maxRows);
  }
}

/**
 * The contribution's factory: a recorder over the project's history.
 *
 * @example
 * ```ts
 * const listener = await createJobListener({ ctx, config, paths, onError });
 * ```
 */
export async function createJobListener(
  options: JobListenerOptions,
): Promise<JobListener | undefined> {
  // An invalid section was reported by the configuration loader: no history this run.
  const settings = analyticsConfigOrOff(options.config);
  if (!settings?.history.enabled) return undefined;
  const store = openOutcomeStore(historyPath(options.paths));
  const now = () => options.ctx.now();
  const lessons = settings.lessons.enabled
    ? await openLessonBook(options.paths, store, now)
    : undefined;
  return new HistoryRecorder({
    ...(lessons ? { lessons: lessons.book } : {}),
    store,
    tail: new LedgerTail(options.paths),
    settings,
    models: options.config.models,
    alerts: new AlertCenter({
      store,
      settings,
      paths: options.paths,
      config: options.config,
      now,
      onError: options.onError,
    }),
    onError: options.onError,
    now,
  });
}

/**
 * One look at a project's moving parts, shared by `/metrics` and the
 * dashboard: the queue (from queue.db), the cost ledger totals (read
 * incrementally) and the event log sizes.
 * @module
 */

import { basename, dirname, resolve } from "node:path";
import { type ProjectPaths, projectPaths } from "../../core/paths.ts";
import { type EventLogStats, eventLogStats } from "./event_log_stats.ts";
import { type LedgerSummary, LedgerTotals } from "./ledger_totals.ts";
import { type QueueFacts, readQueueFacts } from "./queue_facts.ts";

/** What {@linkcode ProjectObserver.observe} returns. */
export interface ProjectObservation {
  /** Absent when the project has no queue database yet. */
  queue?: QueueFacts;
  ledger: LedgerSummary;
  eventLog: EventLogStats;
}

/** Reads a project's queue, ledger and event log on demand. */
export class ProjectObserver {
  readonly #ledger: LedgerTotals;

  constructor(readonly paths: ProjectPaths) {
    this.#ledger = new LedgerTotals(paths);
  }

  /**
   * The current state of the project (`durations: false` skips the latency histograms).
   *
   * @example
   * ```ts
   * const observer = new ProjectObserver(projectPaths("/repo"));
   * observer.observe(Date.now()).queue?.byState.dead;
   * ```
   */
  observe(now: number, options: { durations?: boolean } = {}): ProjectObservation {
    return {
      queue: readQueueFacts(this.paths, { now, durations: options.durations }),
      ledger: this.#ledger.read(),
      eventLog: eventLogStats(this.paths),
    };
  }
}

/**
 * The project root of a registry database at `<root>/.claude/registry/registry.db`,
 * or `undefined` when the store lives elsewhere (tests open stores in temp dirs).
 */
export function projectRootOfStore(storePath: string): string | undefined {
  const registry = dirname(storePath);
  const claude = dirname(registry);
  if (basename(registry) !== "registry" || basename(claude) !== ".claude") return undefined;
  return resolve(claude, "..");
}

/** An observer for the project whose registry database is `storePath`, if it is one. */
export function observerForStore(storePath: string): ProjectObserver | undefined {
  const root = projectRootOfStore(storePath);
  return root === undefined ? undefined : new ProjectObserver(projectPaths(root));
}

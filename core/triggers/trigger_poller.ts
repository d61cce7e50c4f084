/**
 * Trigger consumption for a polling loop (the worker calls it before every
 * claim). A poll costs one directory listing when nothing waits; pending
 * files are processed at once, and a full pass (which also takes back files
 * a dead processor left in `processing/`) runs on the first poll and then at
 * most every `sweepEveryMs`.
 * @module
 */

import type { ProjectPaths } from "../paths.ts";
import { hasPendingTriggers } from "./handle_trigger.ts";
import {
  type ProcessOptions,
  type ProcessSummary,
  processTriggers,
  type TriggerHandler,
} from "./process_triggers.ts";

/** Options of {@linkcode triggerPoller}. */
export interface TriggerPollerOptions extends ProcessOptions {
  /** Longest time between two full passes (default 60 s). */
  sweepEveryMs?: number;
  /** Told about every pass that did something. */
  onPass?: (summary: ProcessSummary) => void;
}

/**
 * A function to call on every poll; it processes pending triggers with `handler`.
 *
 * @example
 * ```ts
 * const poll = triggerPoller(paths, triggerHandler({ emit, queue: () => Promise.resolve(queue) }));
 * await poll(); // before each claim
 * ```
 */
export function triggerPoller(
  paths: Pick<ProjectPaths, "triggers" | "events" | "config" | "root">,
  handler: TriggerHandler,
  options: TriggerPollerOptions = {},
): () => Promise<void> {
  const now = options.now ?? Date.now;
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  let lastPass: number | undefined;
  return async () => {
    const due = lastPass === undefined || now() - lastPass >= sweepEveryMs;
    if (!due && !(await hasPendingTriggers(paths))) return;
    lastPass = now();
    const summary = await processTriggers(paths, handler, options);
    if (summary.processed + summary.retried + summary.failed + summary.reclaimed > 0) {
      options.onPass?.(summary);
    }
  };
}

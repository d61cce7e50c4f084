/**
 * Retention of a project's queue: finished jobs (see `TaskQueue.prune`) and
 * cached results older than `queue.finishedMaxAgeDays`, by `queue prune` and,
 * at most hourly per project, by workers (see `periodic_stamp.ts`). A prune
 * that removed anything is recorded as a `queue.pruned` event.
 * @module
 */

import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { emitEvent } from "../events/emit.ts";
import { ResultCache } from "../orchestration/result_cache.ts";
import { atMostEvery } from "../periodic_stamp.ts";
import type { ProjectPaths } from "../paths.ts";
import type { TaskQueue } from "./queue.ts";

const DAY_MS = 86_400_000;
/** The shortest time between two automatic prunes of one project. */
export const PRUNE_INTERVAL_MS = 3_600_000;

/** What one prune removed, and the age limit it used. */
export interface PruneReport {
  jobs: number;
  cachedResults: number;
  olderThanDays: number;
}

/**
 * Deletes finished jobs and cached results older than `days` at `now`.
 *
 * @example
 * ```ts
 * const { jobs } = await pruneProject(paths, queue, db, 30, Date.now());
 * ```
 */
export async function pruneProject(
  paths: ProjectPaths,
  queue: TaskQueue,
  db: DatabaseSync,
  days: number,
  now: number,
): Promise<PruneReport> {
  const cutoff = now - days * DAY_MS;
  const jobs = await queue.prune({ finishedBefore: cutoff });
  const report = { jobs, cachedResults: new ResultCache(db).prune(cutoff), olderThanDays: days };
  if (jobs || report.cachedResults) {
    await emitEvent(paths, { type: "queue.pruned", payload: report });
  }
  return report;
}

/**
 * {@linkcode pruneProject} with `queue.finishedMaxAgeDays`, unless it is 0
 * or the last automatic prune of the project is under an hour old; resolves
 * with what was removed, or undefined when skipped.
 */
export async function autoPruneProject(
  paths: ProjectPaths,
  queue: TaskQueue,
  db: DatabaseSync,
  days: number,
  now: () => number = Date.now,
): Promise<PruneReport | undefined> {
  if (days === 0) return undefined;
  const stamp = join(paths.state, "queue.pruned");
  return await atMostEvery(
    stamp,
    PRUNE_INTERVAL_MS,
    now,
    () => pruneProject(paths, queue, db, days, now()),
  );
}

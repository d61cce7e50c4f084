/**
 * Retention of a project's queue: finished jobs (see `TaskQueue.prune`) and
 * cached results older than `queue.finishedMaxAgeDays`, by `queue prune` and,
 * at most hourly per project, by workers (see `periodic_stamp.ts`).
 * @module
 */

import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { ResultCache } from "../orchestration/result_cache.ts";
import { atMostEvery } from "../periodic_stamp.ts";
import type { ProjectPaths } from "../paths.ts";
import type { TaskQueue } from "./queue.ts";

const DAY_MS = 86_400_000;
const INTERVAL_MS = 3_600_000;

/** What one prune removed. */
export interface PruneReport {
  jobs: number;
  cachedResults: number;
}

/**
 * Deletes finished jobs and cached results older than `days` at `now`.
 *
 * @example
 * ```ts
 * const { jobs } = await pruneProject(queue, db, 30, Date.now());
 * ```
 */
export async function pruneProject(
  queue: TaskQueue,
  db: DatabaseSync,
  days: number,
  now: number,
): Promise<PruneReport> {
  const cutoff = now - days * DAY_MS;
  const jobs = await queue.prune({ finishedBefore: cutoff });
  return { jobs, cachedResults: new ResultCache(db).prune(cutoff) };
}

/**
 * {@linkcode pruneProject} with `queue.finishedMaxAgeDays`, unless it is 0
 * or the last automatic prune of the project is under an hour old; resolves
 * with what was removed, or undefined when skipped.
 */
export async function autoPruneProject(
  paths: Pick<ProjectPaths, "state">,
  queue: TaskQueue,
  db: DatabaseSync,
  days: number,
  now: () => number = Date.now,
): Promise<PruneReport | undefined> {
  if (days === 0) return undefined;
  const stamp = join(paths.state, "queue.pruned");
  return await atMostEvery(stamp, INTERVAL_MS, now, () => pruneProject(queue, db, days, now()));
}

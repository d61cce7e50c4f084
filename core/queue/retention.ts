/**
 * The retention rule every queue backend applies (`TaskQueue.prune`), on
 * jobs in memory: a job is prunable when it succeeded or was cancelled
 * before the cutoff and nothing may still need it. Every job not finished
 * before the cutoff is live; all jobs of a flow with a live job are kept,
 * and so is (transitively) every dependency of a kept job, whose result a
 * run or a retry reads. The SQLite backend states the same rule in SQL
 * (`sqlite_prune.ts`); the contract tests hold both to it.
 * @module
 */

import type { Job } from "./job.ts";

/** Whether `job` succeeded or was cancelled before `cutoff`. */
export function finishedBefore(job: Job, cutoff: number): boolean {
  return (job.state === "succeeded" || job.state === "cancelled") &&
    (job.finishedAt ?? job.updatedAt) < cutoff;
}

/**
 * The prunable jobs among `jobs` (the whole queue) at `cutoff`, newest
 * first, so a dependant is removed before its dependencies.
 *
 * @example
 * ```ts
 * for (const job of prunableJobs(await readAll(ctx), Date.now() - 30 * 86_400_000)) remove(job);
 * ```
 */
export function prunableJobs(jobs: Job[], cutoff: number): Job[] {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const live = jobs.filter((job) => !finishedBefore(job, cutoff));
  const liveFlows = new Set(live.flatMap((job) => job.flow === null ? [] : [job.flow]));
  const keep = new Set<string>();
  const pending = [
    ...live,
    ...jobs.filter((job) => job.flow !== null && liveFlows.has(job.flow)),
  ];
  while (pending.length) {
    const job = pending.pop()!;
    if (keep.has(job.id)) continue;
    keep.add(job.id);
    for (const id of job.dependsOn) {
      const dependency = byId.get(id);
      if (dependency && !keep.has(id)) pending.push(dependency);
    }
  }
  return jobs.filter((job) => !keep.has(job.id)).reverse();
}

/**
 * Moving waiting jobs (queued, delayed, or waiting for dependencies) from
 * one queue backend to another without loss: copy first, keeping each job's
 * id, then cancel it at the source. A copy that already exists (an earlier,
 * interrupted run) counts as copied, so the move can be rerun until it
 * reports nothing left. Jobs move by dependency groups: a group stays behind
 * when one of its jobs depends on a job that is running or finished at the
 * source (its result lives there), and the report says why.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import type { EnqueueSpec, Job } from "./job.ts";
import type { TaskQueue } from "./queue.ts";

/** What a migration did. */
export interface MigrationReport {
  from: string;
  to: string;
  /** Copied in this run. */
  copied: string[];
  /** Found already copied (a rerun). */
  alreadyCopied: string[];
  /** Waiting jobs that stay at the source, with the reason. */
  left: { id: string; reason: string }[];
  /** Moved jobs the source could not cancel (claimed there meanwhile). */
  stillAtSource: string[];
}

const PAGE = 1_000;

async function waitingJobs(queue: TaskQueue): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let offset = 0;; offset += PAGE) {
    const page = await queue.list({
      state: ["queued", "delayed"],
      order: "oldest",
      limit: PAGE,
      offset,
    });
    jobs.push(...page);
    if (page.length < PAGE) return jobs;
  }
}

/** Dependency groups of the waiting jobs (union-find over their edges). */
function groups(jobs: Job[]): Map<string, string> {
  const parent = new Map(jobs.map((job) => [job.id, job.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const job of jobs) {
    for (const dependency of job.dependsOn) {
      if (parent.has(dependency)) parent.set(find(dependency), find(job.id));
    }
  }
  return new Map(jobs.map((job) => [job.id, find(job.id)]));
}

function specOf(job: Job): EnqueueSpec {
  return {
    id: job.id,
    agent: job.agent,
    input: job.input,
    priority: job.priority,
    lane: job.lane,
    ...(job.state === "delayed" ? { runAfter: job.runAfter } : {}),
    maxAttempts: job.maxAttempts,
    idempotencyKey: job.idempotencyKey ?? undefined,
    dependsOn: job.dependsOn,
    correlationId: job.correlationId ?? undefined,
    parent: job.parent ?? undefined,
    flow: job.flow ?? undefined,
    node: job.node ?? undefined,
    timeoutMs: job.timeoutMs ?? undefined,
  };
}

/**
 * The target already has the id: copied by an interrupted run (`already`),
 * or moved there once and cancelled by a move back (revived: `copied`), or
 * another job's (its state).
 */
async function adopt(to: TaskQueue, id: string): Promise<string> {
  const there = await to.get(id);
  if (there?.state === "cancelled") {
    await to.retry(id);
    return "copied";
  }
  if (there && there.state !== "failed" && there.state !== "dead") return "already";
  return there?.state ?? "missing";
}

/**
 * Moves every movable waiting job from `from` to `to`.
 *
 * @example
 * ```ts
 * const report = await migrateQueue(sqliteQueue, redisQueue);
 * console.log(`${report.copied.length} moved, ${report.left.length} left`);
 * ```
 */
export async function migrateQueue(
  from: TaskQueue,
  to: TaskQueue,
  options: { dryRun?: boolean } = {},
): Promise<MigrationReport> {
  const report: MigrationReport = {
    from: from.backend,
    to: to.backend,
    copied: [],
    alreadyCopied: [],
    left: [],
    stillAtSource: [],
  };
  const jobs = await waitingJobs(from);
  const waiting = new Set(jobs.map((job) => job.id));
  const groupOf = groups(jobs);
  const blocked = new Map<string, string>();
  for (const job of jobs) {
    for (const dependency of job.dependsOn) {
      if (waiting.has(dependency) || await to.get(dependency)) continue;
      const state = (await from.get(dependency))?.state ?? "missing";
      blocked.set(
        groupOf.get(job.id)!,
        `${job.id} depends on ${dependency}, ${state} at the source`,
      );
    }
  }
  const moving = jobs.filter((job) => {
    const reason = blocked.get(groupOf.get(job.id)!);
    if (reason) report.left.push({ id: job.id, reason });
    return !reason;
  });
  if (options.dryRun) {
    report.copied = moving.map((job) => job.id);
    return report;
  }
  const moved: Job[] = [];
  for (const job of moving) {
    let created = false;
    try {
      const result = await to.enqueue(specOf(job));
      if (result.job.id !== job.id) {
        throw new SuperAgentsError(
          "MIGRATE_KEY_CONFLICT",
          `job ${job.id}'s idempotency key ${job.idempotencyKey} belongs to ${result.job.id} ` +
            `on ${to.backend}`,
          { hint: "cancel one of the two jobs, then rerun the migration" },
        );
      }
      created = result.created;
    } catch (error) {
      if (!(error instanceof SuperAgentsError && error.code === "JOB_EXISTS")) throw error;
    }
    const outcome = created ? "copied" : await adopt(to, job.id);
    if (outcome === "copied") report.copied.push(job.id);
    else if (outcome === "already") report.alreadyCopied.push(job.id);
    else {
      report.left.push({ id: job.id, reason: `the id is taken at ${to.backend} (${outcome})` });
      continue;
    }
    moved.push(job);
  }
  for (const job of moved) {
    const current = await from.get(job.id);
    if (!current || current.state === "cancelled") continue; // cancelled with a moved dependency
    try {
      await from.cancel(job.id);
    } catch (error) {
      if (!(error instanceof SuperAgentsError && error.code === "JOB_NOT_CANCELLABLE")) throw error;
      report.stillAtSource.push(job.id); // a source worker finished it meanwhile
    }
  }
  return report;
}

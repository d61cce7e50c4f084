/**
 * `super-agents queue prune [--older-than <days>]`: deletes succeeded and
 * cancelled jobs, and cached results, older than `queue.finishedMaxAgeDays`
 * (or the flag), keeping what running or retryable work may still need.
 * Workers do the same at most hourly (`prune_project.ts`).
 * @module
 */

import { defineCommand, numberFlag } from "../../core/cli/command.ts";
import { withActivity } from "../../core/cli/activity.ts";
import { UsageError } from "../../core/errors.ts";
import { pruneProject } from "../../core/queue/prune_project.ts";
import { withProjectQueue } from "../../core/queue/project_queue.ts";
import { openQueueDatabase } from "../../core/queue/sqlite_db.ts";

/** The `queue prune` subcommand. */
export const prune = defineCommand({
  name: "prune",
  summary: "delete finished jobs and cached results older than queue.finishedMaxAgeDays",
  description: "Succeeded and cancelled jobs go, unless a job that can still run or be retried " +
    "depends on them or shares their flow; dead jobs stay in the dead-letter queue (`dlq " +
    "purge`). A pruned job's idempotency key can be used again. Workers prune hourly.",
  flags: {
    "older-than": {
      type: "integer",
      min: 0,
      unit: "days",
      example: "7",
      description: "<days> age limit for this run (0: all)",
    },
  },
  examples: [
    "super-agents queue prune",
    "super-agents queue prune --older-than 7 --json",
  ],
  async run(ctx, args) {
    const flag = numberFlag(args, "older-than");
    const report = await withProjectQueue(ctx, async ({ queue, paths, config }) => {
      const days = flag ?? config.queue.finishedMaxAgeDays;
      if (flag === undefined && days === 0) {
        throw new UsageError(
          "queue.finishedMaxAgeDays is 0: finished jobs are kept",
          "pass --older-than <days>, or `super-agents config set queue.finishedMaxAgeDays 30`",
        );
      }
      const db = openQueueDatabase(paths);
      try {
        return await withActivity(
          ctx,
          `pruning finished jobs older than ${days} days`,
          () => pruneProject(paths, queue, db, days, ctx.now()),
        );
      } finally {
        db.close();
      }
    });
    ctx.stdout.write(
      ctx.json
        ? JSON.stringify(report) + "\n"
        : `pruned ${report.jobs} finished jobs and ${report.cachedResults} cached results ` +
          `older than ${report.olderThanDays} days\n`,
    );
  },
});

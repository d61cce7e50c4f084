/**
 * `super-agents queue migrate --to redis|sqlite`: moves the waiting jobs of
 * the project between queue backends (copy, then cancel at the source;
 * rerunnable after an interruption). Stop the workers of the source first,
 * then switch `queue.backend` to the target.
 * @module
 */

import { booleanFlag, defineCommand, stringFlag } from "../../core/cli/command.ts";
import { withActivity } from "../../core/cli/activity.ts";
import { styles } from "../../core/cli/style.ts";
import { loadConfig } from "../../core/config/load.ts";
import { UsageError } from "../../core/errors.ts";
import { requireProject } from "../../core/paths.ts";
import { migrateQueue } from "../../core/queue/migrate.ts";
import { openQueue } from "../../core/queue/queue.ts";

const BACKENDS = ["sqlite", "redis"] as const;

/** The `queue migrate` subcommand. */
export const migrate = defineCommand({
  name: "migrate",
  summary: "move waiting jobs to another queue backend (sqlite ↔ redis)",
  description: "Copies queued, delayed and dependency-waiting jobs with their ids, then cancels " +
    "them at the source. Safe to rerun after an interruption. Stop the source's workers first.",
  flags: {
    to: { type: "string", description: "<backend> redis or sqlite" },
    "dry-run": { type: "boolean", description: "show what would move, change nothing" },
  },
  examples: [
    "super-agents queue migrate --to redis",
    "super-agents queue migrate --to sqlite --dry-run --json",
  ],
  async run(ctx, args) {
    const to = stringFlag(args, "to");
    if (to !== "redis" && to !== "sqlite") {
      throw new UsageError(
        "--to must be redis or sqlite",
        "e.g. `super-agents queue migrate --to redis`",
      );
    }
    const from = BACKENDS.find((backend) => backend !== to)!;
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const source = await openQueue(paths, { queue: { ...config.queue, backend: from } });
    try {
      const target = await openQueue(paths, { queue: { ...config.queue, backend: to } });
      try {
        const report = await withActivity(
          ctx,
          `moving jobs from ${from} to ${to}`,
          () => migrateQueue(source, target, { dryRun: booleanFlag(args, "dry-run") }),
        );
        if (ctx.json) {
          ctx.stdout.write(
            JSON.stringify({ dryRun: booleanFlag(args, "dry-run"), ...report }) + "\n",
          );
          return;
        }
        const s = styles(ctx.color);
        const verb = booleanFlag(args, "dry-run") ? "would move" : "moved";
        const lines = [
          `${verb} ${report.copied.length} jobs from ${from} to ${to}` +
          (report.alreadyCopied.length
            ? ` (${report.alreadyCopied.length} were already there)`
            : ""),
        ];
        for (const { id, reason } of report.left) lines.push(s.yellow(`left ${id}: ${reason}`));
        for (const id of report.stillAtSource) {
          lines.push(s.yellow(`${id} ran at the source during the move; its copy may run again`));
        }
        if (config.queue.backend !== to) {
          lines.push(`now switch: super-agents config set queue.backend ${to}`);
        }
        ctx.stdout.write(lines.join("\n") + "\n");
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  },
});

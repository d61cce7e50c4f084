/**
 * `super-agents dlq list|retry|purge`: the dead-letter queue — jobs that used
 * up their attempts or failed in a way retrying cannot fix, each with its
 * last error.
 * @module
 */

import { booleanFlag, defineCommand, numberFlag } from "../../core/cli/command.ts";
import { styles } from "../../core/cli/style.ts";
import { UsageError } from "../../core/errors.ts";
import { emitEvent } from "../../core/events/emit.ts";
import { withProjectQueue } from "../../core/queue/project_queue.ts";

function targets(positionals: string[], all: boolean, verb: string): string[] {
  if (positionals.length === 0 && !all) {
    throw new UsageError(
      `say which dead jobs to ${verb}`,
      `give job ids, or --all for every job in the dead-letter queue`,
    );
  }
  return positionals;
}

const list = defineCommand({
  name: "list",
  summary: "dead jobs, newest first, with their last error",
  flags: {
    limit: {
      type: "integer",
      min: 1,
      default: 100,
      description: "<n> at most n jobs (default 100)",
    },
  },
  examples: ["super-agents dlq list", "super-agents dlq list --json"],
  async run(ctx, args) {
    const limit = numberFlag(args, "limit") ?? 100;
    const jobs = await withProjectQueue(ctx, ({ queue }) => queue.dlqList(limit));
    if (ctx.json) return void ctx.stdout.write(JSON.stringify({ jobs }) + "\n");
    const s = styles(ctx.color);
    if (jobs.length === 0) return void ctx.stdout.write("the dead-letter queue is empty\n");
    for (const job of jobs) {
      ctx.stdout.write(
        `${job.id}  ${job.agent}  attempts ${job.attempts}/${job.maxAttempts}\n` +
          `  ${s.red(`[${job.error?.code ?? "?"}]`)} ${
            job.error?.message ?? "no error recorded"
          }\n`,
      );
    }
  },
});

const retry = defineCommand({
  name: "retry",
  summary: "queue dead jobs again with fresh attempts",
  positionals: [{ name: "ids", description: "dead job ids", variadic: true }],
  flags: { all: { type: "boolean", description: "every dead job" } },
  examples: ["super-agents dlq retry job_m3k2...", "super-agents dlq retry --all"],
  async run(ctx, args) {
    const ids = targets(args.positionals, booleanFlag(args, "all"), "retry");
    const count = await withProjectQueue(ctx, async ({ queue, paths }) => {
      const retried = await queue.dlqRetry(ids);
      await emitEvent(paths, { type: "dlq.retried", payload: { ids, count: retried } });
      return retried;
    });
    ctx.stdout.write(
      ctx.json ? JSON.stringify({ retried: count }) + "\n" : `${count} job(s) queued again\n`,
    );
  },
});

const purge = defineCommand({
  name: "purge",
  summary: "delete dead jobs for good",
  positionals: [{ name: "ids", description: "dead job ids", variadic: true }],
  flags: { all: { type: "boolean", description: "every dead job" } },
  examples: ["super-agents dlq purge --all"],
  async run(ctx, args) {
    const ids = targets(args.positionals, booleanFlag(args, "all"), "purge");
    const count = await withProjectQueue(ctx, async ({ queue, paths }) => {
      const purged = await queue.dlqPurge(ids);
      await emitEvent(paths, { type: "dlq.purged", payload: { ids, count: purged } });
      return purged;
    });
    ctx.stdout.write(
      ctx.json ? JSON.stringify({ purged: count }) + "\n" : `${count} job(s) purged\n`,
    );
  },
});

/** The `dlq` command. */
export const command = defineCommand({
  name: "dlq",
  summary: "list, retry and purge the dead-letter queue",
  subcommands: { list, retry, purge },
  examples: ["super-agents dlq list", "super-agents dlq retry --all"],
});

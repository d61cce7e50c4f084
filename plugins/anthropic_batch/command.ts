/**
 * `super-agents batch run`: processes the queue's batch lane through the
 * Message Batches API until no batch-lane job is left (non-urgent work at
 * half price). Enqueue with `super-agents task create <agent> --lane batch`.
 * @module
 */

import { loadAgentEnvironment } from "../../agents/load_catalog.ts";
import { createAgentPool } from "../../agents/run_in_pool.ts";
import { type CommandArgs, defineCommand, numberFlag } from "../../core/cli/command.ts";
import { activity } from "../../core/cli/activity.ts";
import type { Context } from "../../core/context.ts";
import { requireProject } from "../../core/paths.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { loadProvider } from "../../agents/plugin_contributions.ts";
import { runBatchLane } from "./lane.ts";

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const paths = requireProject(ctx);
  const { catalog, config } = await loadAgentEnvironment(ctx);
  const queue = await openQueue(paths, config);
  const pool = createAgentPool(paths, config, config.pool.maxWorkers, [ctx.dataHome]);
  const progress = activity(ctx, "batch lane: submitting and polling");
  try {
    const summary = await runBatchLane({
      ctx,
      paths,
      config,
      catalog,
      queue,
      pool,
      interactive: await loadProvider("anthropic", config),
      workerId: `batch:${Deno.hostname()}:${Deno.pid}`,
      limit: numberFlag(args, "limit") ?? 10_000,
      pollFirstMs: numberFlag(args, "poll-ms") ?? 1000,
      pollMaxMs: numberFlag(args, "poll-max-ms") ?? 60_000,
      out: (text) => {
        progress.tick();
        if (!ctx.json) progress.print(ctx.stdout, text);
      },
    });
    progress.end();
    if (ctx.json) ctx.stdout.write(JSON.stringify(summary) + "\n");
    else {
      ctx.stdout.write(
        `${summary.jobs} job(s) in ${summary.batches} batch(es): ${summary.succeeded} succeeded, ` +
          `${summary.failed} failed, ${summary.retriedIndividually} retried individually, ` +
          `${summary.continued} continued interactively\n`,
      );
    }
    return summary.failed > 0 ? 1 : 0;
  } finally {
    progress.end();
    await pool.close();
    await queue.close();
  }
}

const runCommand = defineCommand({
  name: "run",
  summary: "send the batch lane's jobs through the Message Batches API until none is left",
  flags: {
    limit: { type: "integer", min: 1, description: "<n> jobs per batch (default 10000)" },
    "poll-ms": {
      type: "duration",
      min: 1,
      description: "<duration> first poll delay, doubling (default 1s)",
    },
    "poll-max-ms": {
      type: "duration",
      min: 1,
      description: "<duration> longest poll delay (default 60s)",
    },
  },
  examples: ["super-agents batch run", "super-agents batch run --limit 500 --json"],
  run,
});

/** The `batch` command. */
export const command = defineCommand({
  name: "batch",
  summary: "process the batch lane with the Message Batches API",
  subcommands: { run: runCommand },
  examples: [
    "super-agents batch run",
    "super-agents task create documentation-agent --lane batch --input 'update the README'",
  ],
});

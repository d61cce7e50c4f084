/**
 * `super-agents worker`: claims jobs from the project's queue and runs them
 * in the sandboxed Web Worker pool until SIGTERM/SIGINT (graceful: stop
 * claiming, let running jobs finish until the drain deadline, release the
 * rest) or, with `--once`, until nothing is left to claim. Several worker
 * processes can share one queue. Before each claim it turns pending trigger
 * files into jobs; what a sandboxed job relays (events, model health, its
 * cost) is recorded here, and finished tasks are posted to the configured
 * chat webhooks (see `agents/worker_services.ts`). At start and hourly it
 * prunes finished jobs older than `queue.finishedMaxAgeDays`.
 * @module
 */

import { denoCacheDir } from "../../core/pool/containment.ts";
import { booleanFlag, defineCommand, stringFlag } from "../../core/cli/command.ts";
import { loadConfig } from "../../core/config/load.ts";
import { UsageError } from "../../core/errors.ts";
import { closeEventLogs } from "../../core/events/emit.ts";
import { CircuitBreakers } from "../../core/orchestration/circuit_breaker.ts";
import { progressDisplay } from "../../core/orchestration/progress_display.ts";
import { ResultCache } from "../../core/orchestration/result_cache.ts";
import { JobRunner } from "../../core/orchestration/runner.ts";
import { requireProject } from "../../core/paths.ts";
import { poolSize } from "../../core/pool/pool_size.ts";
import { WorkerPool } from "../../core/pool/worker_pool.ts";
import { workerUrlOf } from "../runtime/executors.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { autoPruneProject, PRUNE_INTERVAL_MS } from "../../core/queue/prune_project.ts";
import { openQueueDatabase } from "../../core/queue/sqlite_db.ts";
import { workerServices } from "../worker_services.ts";
import { prepareWorkspaceSpace } from "../../core/resources/auto_clean.ts";

function positive(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--${flag} must be a positive integer`, `e.g. --${flag} 4`);
  }
  return value;
}

/** The `worker` command. */
export const command = defineCommand({
  name: "worker",
  summary: "run queued jobs in the sandboxed worker pool until stopped",
  description: "Stops gracefully on SIGTERM or Ctrl-C: no new claims, running jobs finish until " +
    "pool.drainMs, the rest go back to the queue. Run several to share the work. Before each " +
    "claim, pending trigger files (.claude/triggers/) become jobs; finished tasks are posted to " +
    "the Slack/Discord webhooks when notifications are configured.",
  flags: {
    concurrency: { type: "string", description: "<n> jobs at once (default: the pool size)" },
    once: { type: "boolean", description: "exit when no job is claimable and none runs" },
    agents: { type: "string", description: "<a,b> only jobs of these agents" },
    drain: { type: "string", description: "<ms> shutdown drain deadline (default pool.drainMs)" },
  },
  examples: [
    "super-agents worker",
    "super-agents worker --concurrency 4 --agents reviewer-agent,security-agent",
    "super-agents worker --once --json",
  ],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    await prepareWorkspaceSpace(paths, config.resources, ctx.now); // clean-up + disk guard
    const concurrencyFlag = positive(stringFlag(args, "concurrency"), "concurrency");
    const drainMs = positive(stringFlag(args, "drain"), "drain") ?? config.pool.drainMs;
    const sized = poolSize(config.pool);
    const concurrency = concurrencyFlag ?? sized.size * config.pool.jobsPerWorker;
    const pool = new WorkerPool({
      workerUrl: workerUrlOf,
      // An explicit --concurrency is the user's choice and overrides the automatic lowering.
      size: concurrencyFlag === undefined
        ? sized.size
        : Math.min(config.pool.maxWorkers, Math.ceil(concurrency / config.pool.jobsPerWorker)),
      jobsPerWorker: config.pool.jobsPerWorker,
      place: {
        root: paths.root,
        workspacesDir: paths.workspaces,
        modelApiHost: config.pool.modelApiHost,
        masks: [ctx.dataHome],
        denoDir: denoCacheDir(ctx.env, ctx.home),
      },
    });
    const queue = await openQueue(paths, config);
    const db = openQueueDatabase(paths);
    const workerId = `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 4)}`;
    const live = !ctx.json && ctx.stderr.isTerminal;
    const display = ctx.json ? undefined : progressDisplay(live ? ctx.stderr : ctx.stdout, live);
    const onError = (error: unknown, context: string) =>
      ctx.stderr.write(`warning: ${context}: ${error instanceof Error ? error.message : error}\n`);
    const services = await workerServices({ ctx, paths, config, queue, onError });
    const runner = new JobRunner({
      queue,
      pool,
      workerId,
      leaseMs: config.queue.leaseMs,
      pollMs: config.queue.pollMs,
      concurrency,
      defaultTimeoutMs: config.pool.jobTimeoutMs,
      agents: stringFlag(args, "agents")?.split(",").map((a) => a.trim()).filter(Boolean),
      resolveAgent: services.resolveAgent,
      breakers: new CircuitBreakers(db, {
        failures: config.pool.circuitFailures,
        coolDownMs: config.pool.circuitCoolDownMs,
      }),
      cache: new ResultCache(db),
      emit: services.emit,
      progressHook: services.progressHook,
      beforeClaim: services.beforeClaim,
      once: booleanFlag(args, "once"),
      onError,
      onChange: (job, what, progress) => {
        display?.update(job, what, progress);
        services.changed(job, what);
      },
    });
    // Retention (queue.finishedMaxAgeDays) now and hourly, off the claim path; awaited before close.
    let pruning = Promise.resolve();
    const prune = () =>
      pruning = pruning
        .then(() => autoPruneProject(paths, queue, db, config.queue.finishedMaxAgeDays, ctx.now))
        .then(() => {}, (error) => onError(error, "queue prune"));
    prune();
    const pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
    Deno.unrefTimer(pruneTimer);
    const stop = () => runner.stop(drainMs);
    Deno.addSignalListener("SIGTERM", stop);
    Deno.addSignalListener("SIGINT", stop);
    if (!ctx.json) {
      ctx.stderr.write(
        `worker ${workerId}: ${pool.size} sandboxed workers, ${concurrency} jobs at once` +
          (sized.reasons.length && concurrencyFlag === undefined
            ? ` (lowered: ${sized.reasons.join("; ")})`
            : "") +
          "\n",
      );
    }
    try {
      const summary = await runner.run();
      display?.done();
      ctx.stdout.write(
        ctx.json
          ? JSON.stringify({ worker: workerId, ...summary }) + "\n"
          : `worker ${workerId} stopped: ${summary.succeeded} succeeded, ${summary.retried} retried, ` +
            `${summary.dead} dead, ${summary.cancelled} cancelled, ${summary.released} released, ` +
            `${summary.cached} from cache\n`,
      );
    } finally {
      clearInterval(pruneTimer);
      await pruning;
      Deno.removeSignalListener("SIGTERM", stop);
      Deno.removeSignalListener("SIGINT", stop);
      await services.close();
      await queue.close();
      db.close();
      await closeEventLogs();
    }
  },
});

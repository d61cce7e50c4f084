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
import { booleanFlag, defineCommand, listFlag, numberFlag } from "../../core/cli/command.ts";
import { loadConfig } from "../../core/config/load.ts";
import { agentFilter } from "../../core/config/renamed_names.ts";
import type { Context } from "../../core/context.ts";
import { closeEventLogs } from "../../core/events/emit.ts";
import { CircuitBreakers } from "../../core/orchestration/circuit_breaker.ts";
import { progressDisplay } from "../../core/orchestration/progress_display.ts";
import { ResultCache } from "../../core/orchestration/result_cache.ts";
import { JobRunner } from "../../core/orchestration/runner.ts";
import { listenForWakes } from "../../core/queue/worker_wake.ts";
import { requireProject } from "../../core/paths.ts";
import { poolSize } from "../../core/pool/pool_size.ts";
import { buildLanes, laneLoweredEvent } from "../../core/pool/build_lanes.ts";
import { SharedBudget } from "../../core/pool/shared_budget.ts";
import { ceilingLine, laneLine, laneSummary, publishLanes } from "../lane_report.ts";
import { workerUrlOf } from "../runtime/executors.ts";
import { openQueue } from "../../core/queue/queue.ts";
import { autoPruneProject, PRUNE_INTERVAL_MS } from "../../core/queue/prune_project.ts";
import { openQueueDatabase } from "../../core/queue/sqlite_db.ts";
import { type WorkerServices, workerServices } from "../worker_services.ts";
import { withHeartbeat, WORKER_HEARTBEAT_ENV } from "../worker_heartbeat.ts";
import { prepareWorkspaceSpace } from "../../core/resources/auto_clean.ts";

/** The `worker` command. */
export const command = defineCommand({
  name: "worker",
  summary: "run queued jobs in the sandboxed worker pool until stopped",
  description: "Stops gracefully on SIGTERM or Ctrl-C: no new claims, running jobs finish until " +
    "pool.drainMs, the rest go back to the queue. Run several to share the work. Before each " +
    "claim, pending trigger files (.claude/triggers/) become jobs; finished tasks are posted to " +
    "the Slack/Discord webhooks when notifications are configured. Exit code: 0, or 1 with " +
    "--once when a job it ran went to the dead-letter queue; 2 for a usage error.",
  flags: {
    concurrency: {
      type: "integer",
      min: 1,
      example: "4",
      description: "<n> jobs at once (default: the pool size)",
    },
    once: { type: "boolean", description: "exit when no job is claimable and none runs" },
    agents: { type: "list", description: "<a,b> only jobs of these agents" },
    drain: {
      type: "duration",
      min: 1,
      description: "<duration> shutdown drain deadline, e.g. 30s (default pool.drainMs)",
    },
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
    const concurrencyFlag = numberFlag(args, "concurrency");
    const drainMs = numberFlag(args, "drain") ?? config.pool.drainMs;
    const sized = poolSize(config.pool);
    const laneEvents: { emit?: WorkerServices["emit"] } = {}; // set once the services exist
    const db = openQueueDatabase(paths);
    const workerId = `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 4)}`;
    // Every worker process of the project shares the model lane's budget through queue.db.
    const budget = new SharedBudget({
      db,
      owner: workerId,
      max: config.lanes.model.maxInFlight,
      leaseMs: config.lanes.model.slotLeaseMs,
    });
    const lanes = buildLanes({
      config,
      cpuWorkers: sized.size,
      concurrencyFlag,
      workerUrl: workerUrlOf,
      place: {
        root: paths.root,
        workspacesDir: paths.workspaces,
        modelApiHost: config.pool.modelApiHost,
        masks: [ctx.dataHome],
        denoDir: denoCacheDir(ctx.env, ctx.home),
      },
      onLowered: (change) => {
        if (!ctx.json) ctx.stderr.write(`${ceilingLine(change)}\n`);
        void laneEvents.emit?.(laneLoweredEvent(change)).catch((e) => onError(e, "lane event"));
      },
      budget,
    });
    const { pool, concurrency } = lanes;
    const queue = await openQueue(paths, config);
    const live = !ctx.json && ctx.stderr.isTerminal;
    const display = ctx.json ? undefined : progressDisplay(live ? ctx.stderr : ctx.stdout, live);
    const onError = (error: unknown, context: string) =>
      ctx.stderr.write(`warning: ${context}: ${error instanceof Error ? error.message : error}\n`);
    const services = await workerServices({ ctx, paths, config, queue, onError });
    const heartbeatFile = ctx.env(WORKER_HEARTBEAT_ENV) || undefined;
    laneEvents.emit = services.emit;
    const runner = new JobRunner({
      queue,
      pool,
      workerId,
      leaseMs: config.queue.leaseMs,
      pollMs: config.queue.pollMs,
      concurrency,
      lanes: lanes.capacity,
      defaultTimeoutMs: config.pool.jobTimeoutMs,
      agents: agentsOf(ctx, listFlag(args, "agents")),
      resolveAgent: services.resolveAgent,
      breakers: new CircuitBreakers(db, {
        failures: config.pool.circuitFailures,
        coolDownMs: config.pool.circuitCoolDownMs,
      }),
      cache: new ResultCache(db),
      emit: services.emit,
      progressHook: services.progressHook,
      // A supervised worker also beats (its supervisor names the file): status and the dashboard.
      beforeClaim: heartbeatFile === undefined
        ? services.beforeClaim
        : withHeartbeat(services.beforeClaim, heartbeatFile, ctx.now),
      hooks: services.hooks,
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
    // Whoever queues a job on this machine wakes this worker at once (polling stays the fallback).
    const wake = listenForWakes(paths.state, () => runner.nudge());
    const stop = () => runner.stop(drainMs);
    Deno.addSignalListener("SIGTERM", stop);
    Deno.addSignalListener("SIGINT", stop);
    const stopPublishing = publishLanes(budget, pool, lanes.capacity.cpu, onError);
    if (!ctx.json) {
      ctx.stderr.write(
        `worker ${workerId}: cpu lane ${pool.cpu.size} sandboxed workers × ` +
          `${lanes.cpuPerWorker} jobs, model lane ${pool.model.size} workers × ` +
          `${config.lanes.model.jobsPerWorker} jobs, ≤ ${pool.gate.max} calls in flight` +
          (sized.reasons.length && concurrencyFlag === undefined
            ? ` (lowered: ${sized.reasons.join("; ")})`
            : "") +
          "\n",
      );
    }
    try {
      const summary = await runner.run();
      display?.done();
      const laneFigures = laneSummary(pool, lanes.capacity.cpu);
      ctx.stdout.write(
        ctx.json
          ? JSON.stringify({ worker: workerId, ...summary, lanes: laneFigures }) + "\n"
          : `worker ${workerId} stopped: ${summary.succeeded} succeeded, ${summary.retried} retried, ` +
            `${summary.dead} dead, ${summary.cancelled} cancelled, ${summary.released} released, ` +
            `${summary.cached} from cache\n${laneLine(laneFigures)}\n`,
      );
      // With --once the run is the work asked for: a job that died is a failure of it.
      return booleanFlag(args, "once") && summary.dead > 0 ? 1 : 0;
    } finally {
      wake?.close();
      clearInterval(pruneTimer);
      stopPublishing();
      await pruning;
      Deno.removeSignalListener("SIGTERM", stop);
      Deno.removeSignalListener("SIGINT", stop);
      await services.close();
      await queue.close();
      budget.close();
      db.close();
      await closeEventLogs();
    }
  },
});

/** `--agents`, with renamed agents under both names (a notice for each old name typed). */
function agentsOf(ctx: Context, names: string[] | undefined): string[] | undefined {
  return names && agentFilter(names, (line) => ctx.stderr.write(line + "\n"));
}

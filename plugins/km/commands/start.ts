/**
 * `super-agents start`: starts this project's Knowledge Manager and, unless
 * `worker.autostart` is false, a supervised worker that runs the queued jobs
 * (or reports the ones already running), and prints their URL and pids.
 * `start --supervise` is the supervisor itself, in the foreground: what
 * `start` launches detached (`plugins/km/worker_supervisor/`). A non-loopback
 * address (`--host`, or km.host from any config) needs `--allow-remote` or
 * `SUPER_AGENTS_KM_ALLOW_REMOTE=1`: a committed config file cannot expose the
 * KM to the network on its own.
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  stringFlag,
} from "../../../core/cli/command.ts";
import { progressMode, spinner } from "../../../core/cli/progress.ts";
import { loadConfigCached } from "../../../core/config/cached_load.ts";
import type { ConfigLayer } from "../../../core/config/load.ts";
import type { Context } from "../../../core/context.ts";
import { hostOrigin } from "../bind_policy.ts";
import { requireProject } from "../../../core/paths.ts";
import { type KmInfo, startKm, type StartOptions } from "../lifecycle.ts";
import {
  startWorkerSupervisor,
  supervisorStopTimeoutMs,
  type WorkerInfo,
} from "../worker_supervisor/lifecycle.ts";

/** The flags `start` and `restart` share. */
export const bindFlags = {
  host: { type: "string", description: "<addr> address to bind (default: km.host, 127.0.0.1)" },
  "allow-remote": {
    type: "boolean",
    description: "allow a non-loopback address; reads then need the token too " +
      "(or set SUPER_AGENTS_KM_ALLOW_REMOTE=1)",
  },
} as const;

/**
 * The bind options of `start`/`restart`: `--host` wins over km.host, and the
 * refusal of a non-loopback km.host names the file it came from.
 */
export function bindOptions(
  ctx: Context,
  args: CommandArgs,
  configPath: string,
  sources: Record<string, ConfigLayer>,
): StartOptions {
  const host = stringFlag(args, "host");
  return {
    host,
    hostOrigin: host === undefined
      ? hostOrigin(sources["km.host"], { project: configPath, dataHome: ctx.dataHome })
      : "--host",
    ...(booleanFlag(args, "allow-remote") ? { allowRemote: true } : {}),
  };
}

/** The line `start` and `restart` print about the worker. */
export function workerLine(worker: WorkerInfo | undefined, verb = "started"): string {
  if (!worker) {
    return "worker not started (worker.autostart is false; `super-agents worker` runs one)\n";
  }
  const state = worker.alreadyRunning ? "already running" : verb;
  return `worker ${state}: pid ${worker.workerPid ?? "(restarting)"}, supervisor pid ` +
    `${worker.supervisorPid}; output in .claude/logs/worker.log\n`;
}

/** The line `start` and `restart` print about the KM. */
export function kmLine(info: KmInfo, verb = "started"): string {
  return `KM ${info.alreadyRunning ? "already running" : verb}: ${info.url} ` +
    `(port ${info.port}, pid ${info.pid})\n`;
}

async function supervise(ctx: Context): Promise<void> {
  const paths = requireProject(ctx);
  const { config } = await loadConfigCached(ctx, { projectConfigPath: paths.config });
  const { superviseWorker } = await import("../worker_supervisor/supervise.ts");
  await superviseWorker(paths, {
    stopTimeoutMs: supervisorStopTimeoutMs(config),
    warn: (message) => ctx.stderr.write(`worker supervisor: ${message}\n`),
  });
}

/** The `start` command. */
export const command = defineCommand({
  name: "start",
  summary: "start this project's Knowledge Manager",
  description: "Allocates a port from km.portMin-km.portMax (the previous one when free), " +
    "launches the KM detached and returns once it answers /health with its store open; a KM " +
    "that dies while starting fails the command with the cause from .claude/logs/km_server.log. " +
    "The KM binds 127.0.0.1; another address needs --allow-remote. Then, unless " +
    "worker.autostart is false, a supervisor starts `super-agents worker` and restarts it with " +
    "backoff when it dies (.claude/logs/worker.log); `stop` ends both.",
  flags: {
    ...bindFlags,
    supervise: {
      type: "boolean",
      description: "run only the worker supervisor, in the foreground (what `start` launches " +
        "detached; for a service manager)",
    },
  },
  examples: [
    "super-agents start",
    "super-agents start --json",
    "super-agents start --host 0.0.0.0 --allow-remote",
  ],
  async run(ctx, args) {
    if (booleanFlag(args, "supervise")) return await supervise(ctx);
    const paths = requireProject(ctx);
    // Cached: when no config input changed, start skips zod (~40-60 ms of its ~100 ms).
    const { config, sources } = await loadConfigCached(ctx, { projectConfigPath: paths.config });
    const options = bindOptions(ctx, args, paths.config, sources);
    const spin = spinner(ctx.stderr, progressMode(ctx), "starting the Knowledge Manager");
    let info;
    let worker;
    try {
      info = await startKm(ctx, paths, config, options);
      if (config.worker.autostart) worker = await startWorkerSupervisor(paths, config);
    } finally {
      spin.stop(); // the result (or the error with its hint) is printed below
    }
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ root: paths.root, ...info, worker }) + "\n");
    } else {
      ctx.stdout.write(kmLine(info) + workerLine(worker));
    }
  },
});

/**
 * `super-agents restart`: stop, then start, this project's Knowledge Manager
 * (it keeps its port when that port is still free) and its supervised worker
 * (unless `worker.autostart` is false). Like `start`, it fails when the new
 * KM dies while starting, and a non-loopback address needs `--allow-remote`.
 * @module
 */

import { defineCommand } from "../../../core/cli/command.ts";
import { loadConfig } from "../../../core/config/load.ts";
import { requireProject } from "../../../core/paths.ts";
import { startBind, startKm, stopKm } from "../lifecycle.ts";
import { startWorkerSupervisor, stopWorkerSupervisor } from "../worker_supervisor/lifecycle.ts";
import { bindFlags, bindOptions, kmLine, workerLine } from "./start.ts";

/** The `restart` command. */
export const command = defineCommand({
  name: "restart",
  summary: "restart the KM and the worker",
  flags: bindFlags,
  examples: [
    "super-agents restart",
    "super-agents restart --json",
    "super-agents restart --host 0.0.0.0 --allow-remote",
  ],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const { config, sources } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const options = bindOptions(ctx, args, paths.config, sources);
    // Refused before the running KM is stopped: a bad address must not cost the user their KM.
    startBind(ctx, config, options);
    const stoppedWorker = await stopWorkerSupervisor(paths, config);
    const stopped = await stopKm(paths, config);
    const info = await startKm(ctx, paths, config, options);
    const worker = config.worker.autostart ? await startWorkerSupervisor(paths, config) : undefined;
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({
          root: paths.root,
          previousPid: stopped.pid,
          ...info,
          worker: worker && { ...worker, previousPid: stoppedWorker.workerPid },
        }) + "\n",
      );
    } else {
      ctx.stdout.write(kmLine(info, "restarted") + workerLine(worker, "restarted"));
    }
  },
});

/**
 * `super-agents stop`: stops this project's supervised worker (its running
 * jobs drain until pool.drainMs) and its Knowledge Manager (SIGTERM, then
 * SIGKILL after km.stopTimeoutMs), and removes their state files.
 * @module
 */

import { defineCommand } from "../../../core/cli/command.ts";
import { loadConfig } from "../../../core/config/load.ts";
import type { Context } from "../../../core/context.ts";
import { requireProject } from "../../../core/paths.ts";
import { stopKm, type StopResult } from "../lifecycle.ts";
import { stopWorkerSupervisor, type WorkerStopResult } from "../worker_supervisor/lifecycle.ts";

/** The lines `stop` prints about the worker and the KM. */
export function stopLines(worker: WorkerStopResult, km: StopResult): string {
  let text = "";
  if (worker.was === "running" || worker.was === "restarting") {
    text += `worker stopped (pid ${
      worker.workerPid ?? "none"
    }, supervisor ${worker.supervisorPid})\n`;
  } else if (worker.was === "dead" || worker.was === "stale") {
    text += `worker supervisor was ${worker.was}; ` +
      (worker.workerPid ? `stopped its worker ${worker.workerPid} and ` : "") +
      "removed its state files\n";
  }
  if (km.was === "stopped") text += "KM was not running\n";
  else if (km.was === "running" || km.was === "unhealthy") {
    const how = km.killed ? "killed (did not exit on SIGTERM)" : "stopped";
    text += `KM ${how} (pid ${km.pid})\n`;
  } else text += `KM was ${km.was}; removed its state files\n`;
  return text;
}

/** Stops the worker first (its jobs may still report to the KM while draining), then the KM. */
export async function stopAll(ctx: Context) {
  const paths = requireProject(ctx);
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  const worker = await stopWorkerSupervisor(paths, config);
  const km = await stopKm(paths, config);
  return { paths, config, worker, km };
}

/** The `stop` command. */
export const command = defineCommand({
  name: "stop",
  summary: "stop this project's Knowledge Manager and worker",
  examples: ["super-agents stop", "super-agents stop --json"],
  async run(ctx) {
    const { paths, worker, km } = await stopAll(ctx);
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ root: paths.root, ...km, worker }) + "\n");
      return;
    }
    ctx.stdout.write(stopLines(worker, km));
  },
});

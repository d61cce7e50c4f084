/**
 * Doctor findings about the project's supervised worker: a dead supervisor
 * (nothing restarts the worker, queued work waits), stale state files, a
 * worker that keeps dying, and a running KM without the worker that
 * `worker.autostart` promises.
 * @module
 */

import { inspectWorker } from "../km/worker_supervisor/inspect.ts";
import type { DoctorEnv, Finding } from "./check.ts";

/** Restarts after which a restarting worker is reported as crash-looping. */
const CRASH_LOOP_RESTARTS = 3;

/**
 * The findings of check `id` about the supervised worker.
 *
 * @example
 * ```ts
 * const findings = await workerFindings(env, "autonomy");
 * ```
 */
export async function workerFindings(env: DoctorEnv, id: string): Promise<Finding[]> {
  if (!env.paths) return [];
  const worker = inspectWorker(env.paths);
  const record = worker.record;
  switch (worker.status) {
    case "running":
      return [{
        check: id,
        severity: "ok",
        message: `worker running (pid ${worker.workerPid}, supervisor ${record!.supervisor.pid}, ` +
          `${record!.restarts} restarts)`,
      }];
    case "restarting":
      return [{
        check: id,
        severity: record!.restarts >= CRASH_LOOP_RESTARTS ? "error" : "warning",
        message: `worker is being restarted: ${worker.reason}`,
        fix: "see .claude/logs/worker.log (`super-agents worker` in a terminal shows the error)",
      }];
    case "dead":
    case "stale":
      return [{
        check: id,
        severity: "error",
        message: `the supervised worker is ${worker.status}: ${worker.reason}; queued jobs will ` +
          "not run",
        fix: "super-agents restart",
      }];
    case "stopped": {
      const km = await env.km();
      if (km?.status !== "running" || !env.config.worker.autostart) return [];
      return [{
        check: id,
        severity: "warning",
        message: "the KM runs but no worker does; queued jobs will not run",
        fix: "super-agents start   (starts the supervised worker beside the running KM)",
      }];
    }
  }
}

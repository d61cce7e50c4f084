/**
 * Starting and stopping a project's supervised worker. `start` holds the
 * per-project lock (`.claude/state/locks/worker.lock`), cleans stale state,
 * launches the supervisor detached (`start --supervise`, output in
 * `.claude/logs/worker.log`) and returns once the supervisor has recorded its
 * first worker — polling with a bounded backoff, never a fixed sleep; a
 * supervisor that exits first fails `start` with the cause from the log.
 * `stop` sends the supervisor SIGTERM (it drains and stops its worker),
 * escalates to SIGKILL, ends a worker left without a supervisor, and removes
 * the state files.
 * @module
 */

import type { Config } from "../../../core/config/schema.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { withFileLock } from "../../../core/file_lock.ts";
import { terminate } from "../lifecycle.ts";
import { failureCause } from "../log_cause.ts";
import { spawnDetached, supervisorArgv } from "../spawn.ts";
import type { ProjectPaths } from "../../../core/paths.ts";
import { inspectWorker, isSameProcess, type WorkerStatus } from "./inspect.ts";
import { readWorkerRecord, removeWorkerState, workerStatePaths } from "./state.ts";
import { fileSize } from "../../../core/fs/file_size.ts";

/** The supervised worker as `start` reports it. */
export interface WorkerInfo {
  supervisorPid: number;
  workerPid?: number;
  restarts: number;
  /** True when a supervisor was already running. */
  alreadyRunning: boolean;
}

/** What `stop` did to the supervised worker. */
export interface WorkerStopResult {
  was: WorkerStatus;
  supervisorPid?: number;
  workerPid?: number;
}

/** How long the supervisor may take to stop: its worker's drain, then a margin. */
export function supervisorStopTimeoutMs(config: Config): number {
  return config.pool.drainMs + config.km.stopTimeoutMs;
}

/**
 * Starts the project's worker supervisor unless one is running.
 *
 * @example
 * ```ts
 * const info = await startWorkerSupervisor(paths, config);
 * console.log(`worker ${info.workerPid} (supervisor ${info.supervisorPid})`);
 * ```
 */
export function startWorkerSupervisor(paths: ProjectPaths, config: Config): Promise<WorkerInfo> {
  const files = workerStatePaths(paths);
  return withFileLock(files.lock, async () => {
    const current = inspectWorker(paths);
    if ((current.status === "running" || current.status === "restarting") && current.record) {
      return {
        supervisorPid: current.record.supervisor.pid,
        workerPid: current.workerPid,
        restarts: current.record.restarts,
        alreadyRunning: true,
      };
    }
    // A worker whose supervisor died would run beside the new one's: end it first.
    if (current.workerPid !== undefined) {
      await terminate(current.workerPid, config.pool.drainMs);
    }
    if (current.status !== "stopped") await removeWorkerState(paths);
    await Deno.mkdir(paths.logs, { recursive: true });
    const logStart = await fileSize(files.log);
    const child = spawnDetached(supervisorArgv(), files.log, paths.root);
    let exitCode: number | undefined;
    child.status.then((status) => exitCode = status.code);
    const deadline = Date.now() + config.km.startTimeoutMs;
    for (let delay = 5;; delay = Math.min(delay * 2, 50)) {
      const read = readWorkerRecord(paths);
      if (read.kind === "complete" && read.record.supervisor.pid === child.pid) {
        if (read.record.worker) {
          child.unref();
          return {
            supervisorPid: child.pid,
            workerPid: read.record.worker.pid,
            restarts: read.record.restarts,
            alreadyRunning: false,
          };
        }
      }
      if (exitCode !== undefined || Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    if (exitCode === undefined) await terminate(child.pid, supervisorStopTimeoutMs(config));
    const what = exitCode === undefined
      ? `the worker supervisor did not start a worker within ${config.km.startTimeoutMs} ms`
      : `the worker supervisor exited with code ${exitCode} while starting`;
    const cause = await failureCause(files.log, logStart);
    throw new SuperAgentsError(
      "WORKER_START_FAILED",
      `${what}: ${cause ?? "its log says nothing"}`,
      {
        hint: `see ${files.log}; \`super-agents worker\` in a terminal shows the error directly`,
        details: { exitCode, log: files.log },
      },
    );
  });
}

/**
 * Stops the project's worker supervisor and its worker, and removes their
 * state files. A pid that now belongs to an unrelated process is never
 * signalled.
 *
 * @example
 * ```ts
 * const { was } = await stopWorkerSupervisor(paths, config);
 * ```
 */
export function stopWorkerSupervisor(
  paths: ProjectPaths,
  config: Config,
): Promise<WorkerStopResult> {
  return withFileLock(workerStatePaths(paths).lock, async () => {
    const current = inspectWorker(paths);
    const supervisorPid = current.record?.supervisor.pid;
    if (current.status === "running" || current.status === "restarting") {
      await terminate(supervisorPid!, supervisorStopTimeoutMs(config));
    }
    // The supervisor stops its worker; one it left behind (it was killed) is ended here.
    const worker = current.record?.worker;
    if (worker && isSameProcess(worker)) await terminate(worker.pid, config.pool.drainMs);
    await removeWorkerState(paths);
    return { was: current.status, supervisorPid, workerPid: current.workerPid };
  });
}

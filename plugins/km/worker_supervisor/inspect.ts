/**
 * Decides what the supervised worker's state files mean: `running` (the
 * supervisor and its worker are alive), `restarting` (the supervisor is
 * alive and waits to restart a worker that died), `stopped` (no files),
 * `dead` (the supervisor is gone: nothing restarts the worker) or `stale`
 * (the files are unreadable, or the pid now belongs to another process —
 * told apart by the Linux process start time, as for the KM). A live
 * worker's last heartbeat comes with the verdict.
 * @module
 */

import { isProcessAlive, processStartTicks } from "../process_info.ts";
import type { ProjectPaths } from "../../../core/paths.ts";
import {
  type ProcessRecord,
  readWorkerHeartbeat,
  readWorkerRecord,
  type WorkerRecord,
} from "./state.ts";

/** The verdict on a project's supervised worker. */
export type WorkerStatus = "running" | "restarting" | "stopped" | "dead" | "stale";

/** The verdict plus what it was based on. */
export interface WorkerInspection {
  status: WorkerStatus;
  /** Why the verdict is not `running` or `stopped`. */
  reason?: string;
  record?: WorkerRecord;
  /** The live worker's pid, when there is one (an orphan of a dead supervisor included). */
  workerPid?: number;
  /** When that worker's claim loop last beat (ms since the epoch); absent before its first beat. */
  lastHeartbeatAt?: number;
}

/**
 * Whether `process` is alive and still the process that was recorded.
 *
 * @example
 * ```ts
 * if (isSameProcess(record.supervisor)) console.log("supervisor alive");
 * ```
 */
export function isSameProcess(process: ProcessRecord): boolean {
  if (!isProcessAlive(process.pid)) return false;
  const ticks = processStartTicks(process.pid);
  return process.startTicks === undefined || ticks === undefined || ticks === process.startTicks;
}

/**
 * Inspects the project's supervised worker.
 *
 * @example
 * ```ts
 * const { status } = inspectWorker(paths);
 * if (status === "dead") console.log("run `super-agents restart`");
 * ```
 */
export function inspectWorker(paths: Pick<ProjectPaths, "state" | "logs">): WorkerInspection {
  const read = readWorkerRecord(paths);
  if (read.kind === "absent") return { status: "stopped" };
  if (read.kind === "invalid") return { status: "stale", reason: read.problem };
  const { record } = read;
  const workerPid = record.worker && isSameProcess(record.worker) ? record.worker.pid : undefined;
  const beat = workerPid === undefined ? undefined : readWorkerHeartbeat(paths);
  // A beat of an earlier worker (before a restart) says nothing about this one.
  const heartbeat = beat !== undefined && beat.pid === workerPid
    ? { lastHeartbeatAt: beat.at }
    : {};
  if (!isSameProcess(record.supervisor)) {
    return {
      status: "dead",
      reason: `the worker supervisor (pid ${record.supervisor.pid}) is gone` +
        (workerPid ? `; its worker ${workerPid} runs unsupervised` : ""),
      record,
      workerPid,
      ...heartbeat,
    };
  }
  if (workerPid !== undefined) return { status: "running", record, workerPid, ...heartbeat };
  return {
    status: "restarting",
    reason: record.lastExit
      ? `worker ${record.lastExit.pid} exited (${exitText(record.lastExit)}); restart ${
        record.restarts + 1
      } pending`
      : "the first worker is starting",
    record,
  };
}

function exitText(exit: { code: number; signal?: string }): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

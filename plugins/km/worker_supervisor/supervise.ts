/**
 * The worker supervisor's loop, run in the foreground by
 * `super-agents start --supervise` (which `start` launches detached). It
 * starts `super-agents worker` the way the KM is started (detached, output
 * appended to `.claude/logs/worker.log`), waits for it, and when it dies
 * starts another after a bounded exponential backoff (`backoff.ts`) and
 * records a `worker.restarted` event. SIGTERM or SIGINT stop it: the worker
 * gets SIGTERM (it drains its running jobs), SIGKILL after the drain
 * deadline, and the state files are removed.
 *
 * Why a separate process and not the KM: the KM's job is to answer HTTP
 * within deadlines; a worker crash loop, its backoff and its drain must not
 * share that event loop or its lifetime (a restarted KM would orphan or kill
 * running jobs). A supervisor that does nothing but wait is simple to reason
 * about, and `stop` can still end both.
 * @module
 */

import { emitEvent } from "../../../core/events/emit.ts";
import { errorMessage } from "../../../core/errors.ts";
import { terminate } from "../lifecycle.ts";
import { processStartTicks } from "../process_info.ts";
import { spawnDetached, workerArgv } from "../spawn.ts";
import type { ProjectPaths } from "../../../core/paths.ts";
import { WORKER_HEARTBEAT_ENV } from "../../../agents/worker_heartbeat.ts";
import { nextDelay } from "./backoff.ts";
import {
  type ProcessRecord,
  removeWorkerState,
  type WorkerRecord,
  workerStatePaths,
  writeWorkerRecord,
} from "./state.ts";

/** Options of {@linkcode superviseWorker}. */
export interface SuperviseOptions {
  /** How long a stopping worker may drain before SIGKILL (pool.drainMs plus a margin). */
  stopTimeoutMs: number;
  /** The worker's command line (default: `super-agents worker`). */
  argv?: string[];
  /** Where problems of the supervisor itself are reported (its log). */
  warn?: (message: string) => void;
}

function processRecord(pid: number): ProcessRecord {
  const startTicks = processStartTicks(pid);
  return { pid, ...(startTicks ? { startTicks } : {}), startedAt: Date.now() };
}

/**
 * Supervises the project's worker until SIGTERM or SIGINT.
 *
 * @example
 * ```ts
 * await superviseWorker(requireProject(ctx), { stopTimeoutMs: config.pool.drainMs + 5_000 });
 * ```
 */
export async function superviseWorker(
  paths: ProjectPaths,
  options: SuperviseOptions,
): Promise<void> {
  const warn = options.warn ?? ((message) => console.error(`worker supervisor: ${message}`));
  const files = workerStatePaths(paths);
  const argv = options.argv ?? workerArgv();
  let stopping = false;
  let wake = () => {};
  const stopped = new Promise<void>((resolve) => wake = resolve);
  const stop = () => {
    stopping = true;
    wake();
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
  const record: WorkerRecord = { supervisor: processRecord(Deno.pid), restarts: 0 };
  let delay: number | undefined;
  try {
    await Deno.mkdir(paths.logs, { recursive: true });
    while (!stopping) {
      const child = spawnDetached(argv, files.log, paths.root, {
        [WORKER_HEARTBEAT_ENV]: files.heartbeat,
      });
      record.worker = processRecord(child.pid);
      delete record.nextStartAt;
      await writeWorkerRecord(paths, record);
      if (record.lastExit) await recordRestart(paths, record, delay!, warn);
      const status = await Promise.race([child.status, stopped.then(() => undefined)]);
      if (!status) {
        // SIGTERM first: the worker stops claiming and drains its running jobs.
        await terminate(child.pid, options.stopTimeoutMs);
        await child.status;
        break;
      }
      const ranMs = Date.now() - record.worker.startedAt;
      delete record.worker;
      record.lastExit = {
        pid: child.pid,
        code: status.code,
        ...(status.signal ? { signal: status.signal } : {}),
        at: Date.now(),
      };
      delay = nextDelay(delay, ranMs);
      record.nextStartAt = Date.now() + delay;
      await writeWorkerRecord(paths, record);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        stopped,
        new Promise<void>((resolve) => timer = setTimeout(resolve, delay)),
      ]);
      clearTimeout(timer);
      if (!stopping) record.restarts++;
    }
  } finally {
    Deno.removeSignalListener("SIGTERM", stop);
    Deno.removeSignalListener("SIGINT", stop);
    await removeWorkerState(paths);
  }
}

async function recordRestart(
  paths: ProjectPaths,
  record: WorkerRecord,
  delayMs: number,
  warn: (message: string) => void,
): Promise<void> {
  const exit = record.lastExit!;
  try {
    await emitEvent(paths, {
      type: "worker.restarted",
      agent: "worker-supervisor",
      payload: {
        pid: record.worker!.pid,
        previousPid: exit.pid,
        exitCode: exit.code,
        ...(exit.signal ? { signal: exit.signal } : {}),
        restarts: record.restarts,
        delayMs,
      },
    });
  } catch (error) {
    // Handled: an unwritable event log must not stop the worker from being restarted; the
    // restart is still in worker.json and this line reaches worker.log.
    warn(`could not record the restart in the event log: ${errorMessage(error)}`);
  }
}

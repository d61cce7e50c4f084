/**
 * Finds a live process of the project (the Knowledge Manager named by
 * `.claude/state/km.pid`, the worker supervisor and the worker named by
 * `worker_supervisor.pid` and `worker.pid`), so `uninstall` can refuse to
 * pull the directory from under it. A pid file naming a dead process is stale and does not count.
 * @module
 */

import process from "node:process";
import { join } from "node:path";
import { readTextIfExists } from "../../core/fs/read_text_if_exists.ts";
import type { ProjectPaths } from "../../core/paths.ts";

/** A live project process and the file that names it. */
export interface RunningProcess {
  pid: number;
  pidFile: string;
}

/** Whether a process with `pid` exists (signal 0 probes without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; ESRCH: no such process.
    return (error as { code?: string }).code === "EPERM";
  }
}

/** The pid in a pid file (a bare number, or JSON with a `pid` field), or `undefined`. */
export function parsePidFile(text: string): number | undefined {
  const trimmed = text.trim();
  let value: unknown = trimmed;
  if (trimmed.startsWith("{")) {
    try {
      value = JSON.parse(trimmed).pid;
    } catch {
      return undefined; // an unparsable pid file names no process
    }
  }
  const pid = Number(value);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * The live process named by the project's pid files, if any.
 *
 * @example
 * ```ts
 * const running = await runningProjectProcess(paths);
 * if (running) console.log(`KM still running as pid ${running.pid}`);
 * ```
 */
export async function runningProjectProcess(
  paths: ProjectPaths,
): Promise<RunningProcess | undefined> {
  for (const name of PID_FILES) {
    const pidFile = join(paths.state, name);
    const text = await readTextIfExists(pidFile);
    if (text === undefined) continue;
    const pid = parsePidFile(text);
    if (pid === undefined || pid === Deno.pid || !isProcessAlive(pid)) continue;
    return { pid, pidFile };
  }
  return undefined;
}

/** The pid files of the project's long-lived processes. */
const PID_FILES = ["km.pid", "worker_supervisor.pid", "worker.pid"];

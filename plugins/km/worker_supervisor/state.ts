/**
 * The supervised worker's state files in `.claude/state/`: `worker.json`
 * (the record: the supervisor's and the current worker's pid and start
 * ticks, the restart count and the last exit), with `worker_supervisor.pid`
 * and `worker.pid` beside it as bare pids for scripts and for `uninstall`'s
 * "is something running" check. Only the supervisor writes them, each
 * atomically (`core/atomic_file.ts`), `worker.json` first. Reading validates
 * by hand, like `plugins/km/state.ts`: `status` reads this and must start fast.
 * @module
 */

import { join } from "../../../core/light_path.ts"; // not node:path: see light_path.ts
import { importModule } from "../../../core/lazy_import.ts";
import type { ProjectPaths } from "../../../core/paths.ts";

/** A process the supervisor started, identified beyond its pid. */
export interface ProcessRecord {
  pid: number;
  /** `/proc/<pid>/stat` start time (Linux), to detect pid reuse. */
  startTicks?: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/** How the previous worker ended. */
export interface WorkerExit {
  pid: number;
  code: number;
  signal?: string;
  at: number;
}

/** Contents of `worker.json`. */
export interface WorkerRecord {
  supervisor: ProcessRecord;
  /** The running worker; absent while the supervisor waits to restart it. */
  worker?: ProcessRecord;
  /** Workers restarted after dying (the first start is not counted). */
  restarts: number;
  lastExit?: WorkerExit;
  /** When the supervisor starts the next worker, while it waits. */
  nextStartAt?: number;
}

/** Paths of the supervised worker's files. */
export interface WorkerStatePaths {
  record: string;
  supervisorPid: string;
  workerPid: string;
  /** Held by `start`/`stop` while they change the supervisor. */
  lock: string;
  /** The worker's and the supervisor's output. */
  log: string;
  /** The supervised worker's last beat from its claim loop (agents/worker_heartbeat.ts). */
  heartbeat: string;
}

/**
 * Where a project's supervised-worker files live.
 *
 * @example
 * ```ts
 * workerStatePaths(paths).record; // "<root>/.claude/state/worker.json"
 * ```
 */
export function workerStatePaths(paths: Pick<ProjectPaths, "state" | "logs">): WorkerStatePaths {
  return {
    record: join(paths.state, "worker.json"),
    supervisorPid: join(paths.state, "worker_supervisor.pid"),
    workerPid: join(paths.state, "worker.pid"),
    lock: join(paths.state, "locks", "worker.lock"),
    log: join(paths.logs, "worker.log"),
    heartbeat: join(paths.state, "worker.heartbeat"),
  };
}

/** What reading `worker.json` found. */
export type WorkerRecordRead =
  | { kind: "absent" }
  | { kind: "complete"; record: WorkerRecord }
  | { kind: "invalid"; problem: string };

/**
 * Writes the record, then the two pid files, each atomically.
 *
 * @example
 * ```ts
 * await writeWorkerRecord(paths, { supervisor, worker, restarts: 0 });
 * ```
 */
export async function writeWorkerRecord(
  paths: Pick<ProjectPaths, "state" | "logs">,
  record: WorkerRecord,
): Promise<void> {
  // Loaded here, not at the top: `status` reads these files and must start fast.
  const { writeFileAtomic } = await importModule<typeof import("../../../core/atomic_file.ts")>(
    new URL("../../../core/atomic_file.ts", import.meta.url),
  );
  const files = workerStatePaths(paths);
  await writeFileAtomic(files.record, JSON.stringify(record) + "\n");
  await writeFileAtomic(files.supervisorPid, `${record.supervisor.pid}\n`);
  if (record.worker) await writeFileAtomic(files.workerPid, `${record.worker.pid}\n`);
  else await removeIfPresent(files.workerPid);
}

/** Removes every supervised-worker state file that exists. */
export async function removeWorkerState(
  paths: Pick<ProjectPaths, "state" | "logs">,
): Promise<void> {
  const files = workerStatePaths(paths);
  for (const path of [files.workerPid, files.supervisorPid, files.heartbeat, files.record]) {
    await removeIfPresent(path);
  }
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error; // already gone is the goal
  }
}

/**
 * Reads and validates `worker.json`.
 *
 * @example
 * ```ts
 * const read = readWorkerRecord(paths);
 * if (read.kind === "complete") console.log(read.record.restarts);
 * ```
 */
export function readWorkerRecord(paths: Pick<ProjectPaths, "state" | "logs">): WorkerRecordRead {
  let text: string;
  try {
    // Sync on purpose: one tiny file, and `status` avoids starting the blocking pool.
    text = Deno.readTextFileSync(workerStatePaths(paths).record);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { kind: "absent" }; // never started
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", problem: `worker.json is not JSON: ${(error as Error).message}` };
  }
  const value = raw as Record<string, unknown>;
  const supervisor = processRecord(value?.supervisor);
  const worker = value?.worker === undefined ? undefined : processRecord(value.worker);
  const ok = raw !== null && typeof raw === "object" && supervisor !== undefined &&
    (value.worker === undefined || worker !== undefined) &&
    Number.isInteger(value.restarts) && (value.restarts as number) >= 0;
  if (!ok) return { kind: "invalid", problem: "worker.json lacks supervisor, worker or restarts" };
  return {
    kind: "complete",
    record: {
      supervisor: supervisor!,
      ...(worker ? { worker } : {}),
      restarts: value.restarts as number,
      ...(isExit(value.lastExit) ? { lastExit: value.lastExit } : {}),
      ...(Number.isFinite(value.nextStartAt) ? { nextStartAt: value.nextStartAt as number } : {}),
    },
  };
}

function processRecord(raw: unknown): ProcessRecord | undefined {
  const value = raw as Record<string, unknown> | null;
  if (value === null || typeof value !== "object") return undefined;
  if (!Number.isInteger(value.pid) || (value.pid as number) < 1) return undefined;
  if (!Number.isFinite(value.startedAt)) return undefined;
  if (value.startTicks !== undefined && typeof value.startTicks !== "string") return undefined;
  return {
    pid: value.pid as number,
    ...(value.startTicks === undefined ? {} : { startTicks: value.startTicks as string }),
    startedAt: value.startedAt as number,
  };
}

function isExit(raw: unknown): raw is WorkerExit {
  const value = raw as Record<string, unknown> | null;
  return value !== null && typeof value === "object" && Number.isInteger(value.pid) &&
    Number.isInteger(value.code) && Number.isFinite(value.at) &&
    (value.signal === undefined || typeof value.signal === "string");
}

/**
 * The supervised worker's last heartbeat, or `undefined` when there is none
 * or the file does not hold `{ pid, at }` (a torn or foreign file is no beat).
 *
 * @example
 * ```ts
 * const beat = readWorkerHeartbeat(paths);
 * if (beat) console.log(`last beat ${Date.now() - beat.at} ms ago from ${beat.pid}`);
 * ```
 */
export function readWorkerHeartbeat(
  paths: Pick<ProjectPaths, "state" | "logs">,
): { pid: number; at: number } | undefined {
  let text: string;
  try {
    // Sync on purpose, like readWorkerRecord: one tiny file read by `status`.
    text = Deno.readTextFileSync(workerStatePaths(paths).heartbeat);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined; // no beat yet
    throw error;
  }
  try {
    const value = JSON.parse(text) as Record<string, unknown> | null;
    if (
      value !== null && typeof value === "object" && Number.isInteger(value.pid) &&
      (value.pid as number) > 0 && Number.isFinite(value.at)
    ) {
      return { pid: value.pid as number, at: value.at as number };
    }
  } catch {
    // Handled: not JSON is "no valid beat", the same answer as a wrong shape below.
  }
  return undefined;
}

/**
 * The facts `status` reports besides the KM itself: database size, queue
 * counts by state (from the queue backend `queue.backend` names), and the
 * number of agent definitions. `status` must start fast, so the
 * configuration comes from its cache, a SQLite queue is counted without
 * loading the queue module, and both are imported through `importModule`
 * (a literal `import()` would make Deno resolve zod's graph at every start).
 * @module
 */

import { basename, dirname, join } from "../../core/light_path.ts"; // not node:path: see light_path.ts
import type { Context } from "../../core/context.ts";
import { importModule } from "../../core/lazy_import.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { namesIn } from "../../core/fs/names_in.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { backendIsDefault } from "../../core/queue/default_backend.ts";
import { globalConfigFile } from "../../core/config/global_config_file.ts";
import { jobCountsByState } from "../../core/queue/sqlite_counts.ts";
import { type LanesView, readLanes } from "../../core/pool/lane_view.ts";
import type { DatabaseSync } from "node:sqlite";

/** queue.db, opened read-only at most once for the reads of one `status`. */
export interface QueueDbReader {
  /** The open database, or undefined when the project has none yet. */
  open(): Promise<DatabaseSync | undefined>;
  close(): Promise<void>;
}

/**
 * A reader of the project's queue.db: opened on first use (node:sqlite is
 * loaded only then), closed by `close`.
 *
 * @example
 * ```ts
 * const reader = queueDbReader(paths);
 * try { await projectLanes(paths, Date.now(), reader); } finally { await reader.close(); }
 * ```
 */
export function queueDbReader(paths: ProjectPaths): QueueDbReader {
  let opened: Promise<DatabaseSync | undefined> | undefined;
  return {
    open: () =>
      opened ??= (async () => {
        if (!namesIn(paths.state).has("queue.db")) return undefined;
        const { DatabaseSync } = await import("node:sqlite");
        return new DatabaseSync(join(paths.state, "queue.db"), { readOnly: true });
      })(),
    async close() {
      (await opened?.catch(() => undefined))?.close();
    },
  };
}

/** Queue counts, or why there are none. */
export type QueueSummary =
  | { available: true; counts: Record<string, number>; total: number }
  | { available: false; reason: string };

/** Size in bytes of a SQLite database and its WAL (0 when absent). */
export function databaseSize(path: string): number {
  let total = 0;
  const present = namesIn(dirname(path));
  for (const file of [path, `${path}-wal`]) {
    if (!present.has(basename(file))) continue;
    try {
      // Sync on purpose: the first async file op starts Deno's blocking pool (~2 ms).
      total += Deno.statSync(file).size;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // absent counts as 0
    }
  }
  return total;
}

/**
 * Job counts by state (states with no job left out) from the queue backend
 * that `queue.backend` names. SQLite is read over a read-only connection
 * with the backend's own query (`sqlite_counts.ts`), so `status` neither
 * loads the queue's module graph (zod: 26 → 64 ms for `status`) nor
 * creates or migrates a database; any other backend answers through
 * `TaskQueue.stats`.
 *
 * @example
 * ```ts
 * const queue = await queueSummary(ctx, paths);
 * if (queue.available) console.log(queue.counts.queued ?? 0);
 * ```
 */
export async function queueSummary(
  ctx: Context,
  paths: ProjectPaths,
  reader?: QueueDbReader,
): Promise<QueueSummary> {
  try {
    if (backendIsDefault(ctx.env, [globalConfigFile(ctx), paths.config])) {
      return await sqliteSummary(paths, reader);
    }
    const { loadConfigCached } = await importModule<
      typeof import("../../core/config/cached_load.ts")
    >(
      new URL("../../core/config/cached_load.ts", import.meta.url),
    );
    const { config } = await loadConfigCached(ctx, { projectConfigPath: paths.config });
    if (config.queue.backend === "sqlite") return await sqliteSummary(paths, reader);
    const { openQueue } = await importModule<typeof import("../../core/queue/queue.ts")>(
      new URL("../../core/queue/queue.ts", import.meta.url),
    );
    const queue = await openQueue(paths, config);
    try {
      const stats = await queue.stats();
      const counts = Object.fromEntries(
        Object.entries(stats.byState).filter(([, count]) => count > 0),
      );
      return { available: true, counts, total: stats.total };
    } finally {
      await queue.close();
    }
  } catch (error) {
    // status reports the KM whatever the queue's trouble (an invalid config, Redis down); the
    // queue line says what it is. Anything that is not one of our errors is a bug: rethrown.
    if (error instanceof SuperAgentsError) return { available: false, reason: errorMessage(error) };
    throw error;
  }
}

async function sqliteSummary(paths: ProjectPaths, given?: QueueDbReader): Promise<QueueSummary> {
  const reader = given ?? queueDbReader(paths);
  try {
    const db = await reader.open();
    if (!db) return { available: false, reason: "no queue database yet" };
    const table = db.prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'",
    ).get();
    if (!table) return { available: false, reason: "queue database has no jobs table" };
    const counts = jobCountsByState((sql) => db.prepare(sql));
    return { available: true, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  } finally {
    if (!given) await reader.close();
  }
}

/**
 * The two lanes as the project's workers left them in queue.db (whatever
 * the queue backend: the lanes' budget lives there), or undefined when no
 * worker has run yet.
 *
 * @example
 * ```ts
 * (await projectLanes(paths, Date.now()))?.model.capacity; // the shared ceiling now
 * ```
 */
export async function projectLanes(
  paths: ProjectPaths,
  now: number,
  given?: QueueDbReader,
): Promise<LanesView | undefined> {
  const reader = given ?? queueDbReader(paths);
  try {
    const db = await reader.open();
    return db ? readLanes(db, now) : undefined;
  } finally {
    if (!given) await reader.close();
  }
}

/**
 * The lanes as one line of `status`.
 *
 * @example
 * ```ts
 * laneStatusLine(lanes); // "model 12 in flight, ceiling 16 of 64 (2 workers); cpu 2 in flight, 4 slots"
 * ```
 */
export function laneStatusLine(lanes: LanesView | undefined): string {
  if (!lanes || (lanes.model.max === 0 && lanes.cpu.workers === 0)) return "no worker has run yet";
  const { cpu, model } = lanes;
  const workers = (n: number) => ` (${n} worker${n === 1 ? "" : "s"})`;
  const modelPart = model.max > 0
    ? `model ${model.inFlight} in flight, ceiling ${model.capacity} of ${model.max}` +
      (model.workers ? workers(model.workers) : "")
    : "model idle";
  const cpuPart = cpu.workers
    ? `cpu ${cpu.inFlight} in flight, ${cpu.capacity} slots${workers(cpu.workers)}`
    : "cpu: no worker running";
  return `${modelPart}; ${cpuPart}`;
}

/** Number of agent definitions (`*.md`) in `.claude/agents/`. */
export function agentCount(paths: ProjectPaths): number {
  let count = 0;
  try {
    for (const entry of Deno.readDirSync(paths.agents)) {
      if (entry.isFile && entry.name.endsWith(".md")) count++;
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0; // no agents installed yet
    throw error;
  }
  return count;
}

/** `93 s` → `1m 33s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(seconds / 86400), "d"],
    [Math.floor(seconds / 3600) % 24, "h"],
    [Math.floor(seconds / 60) % 60, "m"],
    [seconds % 60, "s"],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first === -1) return "0s";
  return parts.slice(first, first + 2).map(([value, unit]) => `${value}${unit}`).join(" ");
}

/** `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024, unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

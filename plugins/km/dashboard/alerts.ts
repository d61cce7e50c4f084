/**
 * The dashboard's alerts: disk space low on the project's file system,
 * system memory high, the dead-letter queue growing, and open circuit
 * breakers — each with the command that helps. Thresholds are defaults
 * here (they can be passed in), the measurements are taken by
 * {@linkcode measureHost}.
 * @module
 */

import { statfsSync } from "node:fs";
import type { QueueFacts } from "../queue_facts.ts";

/** One alert. */
export interface Alert {
  level: "warning" | "critical";
  code: "DISK_LOW" | "MEMORY_HIGH" | "DLQ_GROWING" | "CIRCUIT_OPEN";
  message: string;
  hint?: string;
}

/** Free disk space and memory, as measured. */
export interface HostMeasurements {
  disk?: { freeBytes: number; totalBytes: number };
  memory?: { availableBytes: number; totalBytes: number };
}

/** When to raise alerts. */
export interface AlertThresholds {
  /** Warn below this many free bytes or this fraction free (either). */
  diskFreeBytes: number;
  diskFreeFraction: number;
  /** Warn when less than this fraction of system memory is available. */
  memoryAvailableFraction: number;
}

/** The default thresholds: 1 GiB or 5 % disk, 10 % memory. */
export const DEFAULT_THRESHOLDS: AlertThresholds = {
  diskFreeBytes: 1024 ** 3,
  diskFreeFraction: 0.05,
  memoryAvailableFraction: 0.1,
};

/**
 * Free space of the file system holding `path`, and the system's memory.
 *
 * @example
 * ```ts
 * const host = measureHost("/repo");
 * ```
 */
export function measureHost(path: string): HostMeasurements {
  const out: HostMeasurements = {};
  const fs = statfsSync(path);
  out.disk = { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  const memory = Deno.systemMemoryInfo();
  out.memory = { availableBytes: memory.available, totalBytes: memory.total };
  return out;
}

const GIB = 1024 ** 3;

/**
 * The alerts for a project's state.
 *
 * @example
 * ```ts
 * const alerts = alertsFor(readQueueFacts(paths, { now }), measureHost(paths.root));
 * ```
 */
export function alertsFor(
  queue: QueueFacts | undefined,
  host: HostMeasurements,
  thresholds: AlertThresholds = DEFAULT_THRESHOLDS,
): Alert[] {
  const alerts: Alert[] = [];
  if (host.disk && host.disk.totalBytes > 0) {
    const { freeBytes, totalBytes } = host.disk;
    const fraction = freeBytes / totalBytes;
    if (freeBytes < thresholds.diskFreeBytes || fraction < thresholds.diskFreeFraction) {
      alerts.push({
        level: freeBytes < thresholds.diskFreeBytes / 4 ? "critical" : "warning",
        code: "DISK_LOW",
        message: `disk space low: ${(freeBytes / GIB).toFixed(2)} GiB free (${
          (fraction * 100).toFixed(1)
        } %)`,
        hint: "remove old workspaces (.claude/workspaces) and event archives, or free space",
      });
    }
  }
  if (host.memory && host.memory.totalBytes > 0) {
    const fraction = host.memory.availableBytes / host.memory.totalBytes;
    if (fraction < thresholds.memoryAvailableFraction) {
      alerts.push({
        level: fraction < thresholds.memoryAvailableFraction / 2 ? "critical" : "warning",
        code: "MEMORY_HIGH",
        message: `memory high: ${(fraction * 100).toFixed(1)} % available`,
        hint: "lower pool.maxWorkers (`super-agents config set pool.maxWorkers 2`)",
      });
    }
  }
  if (queue && queue.recentlyDead > 0) {
    alerts.push({
      level: "warning",
      code: "DLQ_GROWING",
      message: `dead-letter queue growing: ${queue.recentlyDead} job(s) in the last 10 minutes ` +
        `(${queue.byState.dead} in total)`,
      hint: "`super-agents dlq list` shows why; `super-agents dlq retry` queues them again",
    });
  }
  for (const circuit of queue?.circuits ?? []) {
    if (circuit.state !== "open") continue;
    alerts.push({
      level: "warning",
      code: "CIRCUIT_OPEN",
      message: `circuit open for ${circuit.agent} after ${circuit.failures} failures`,
      hint: `its jobs wait for the cool-down; \`super-agents task list --agent ${circuit.agent}\``,
    });
  }
  return alerts;
}

/**
 * What `super-agents worker` says about its two lanes: a line when the
 * model lane's ceiling drops (the `lane.ceiling.lowered` event says it to
 * the log), the lanes in its final summary (most jobs in flight, the
 * capacity, the model lane's ceiling against its maximum), and the CPU
 * lane's gauges published to queue.db every second for `status` and
 * `/metrics` (the model lane's slots are there already).
 * @module
 */

import type { CeilingChange } from "../core/pool/aimd.ts";
import type { LanedPool } from "../core/pool/laned_pool.ts";
import type { SharedBudget } from "../core/pool/shared_budget.ts";

/** The lanes part of a worker's summary. */
export interface LaneSummary {
  cpu: { peak: number; capacity: number };
  model: { peak: number; ceiling: number; max: number };
}

/**
 * The summary of both lanes now.
 *
 * @example
 * ```ts
 * laneSummary(pool, 2); // { cpu: { peak: 2, capacity: 2 }, model: { peak: 64, ceiling: 64, max: 64 } }
 * ```
 */
export function laneSummary(pool: LanedPool, cpuCapacity: number): LaneSummary {
  return {
    cpu: { peak: pool.cpuPeak, capacity: cpuCapacity },
    model: { peak: pool.gate.peak, ceiling: pool.gate.view().ceiling, max: pool.gate.max },
  };
}

/**
 * The summary as one line.
 *
 * @example
 * ```ts
 * laneLine(summary); // "lanes: model 64 in flight at most (ceiling 16 of 64), cpu 2 (2 slots)"
 * ```
 */
export function laneLine(summary: LaneSummary): string {
  const { cpu, model } = summary;
  return `lanes: model ${model.peak} in flight at most (ceiling ${model.ceiling} of ${model.max}), ` +
    `cpu ${cpu.peak} (${cpu.capacity} slots)`;
}

/**
 * A drop of the model lane's ceiling as a line.
 *
 * @example
 * ```ts
 * ceilingLine({ from: 64, to: 16, reason: "throttled", signal: { status: 429, retryAfterMs: 1000 } });
 * // "model lane ceiling 64 → 16 (429, retry-after 1000 ms)"
 * ```
 */
export function ceilingLine(change: CeilingChange): string {
  const { status, retryAfterMs, requestsRemaining } = change.signal;
  const why = change.reason === "throttled"
    ? `${status}${typeof retryAfterMs === "number" ? `, retry-after ${retryAfterMs} ms` : ""}`
    : `${requestsRemaining} requests remaining`;
  return `model lane ceiling ${change.from} → ${change.to} (${why})`;
}

/**
 * Publishes the CPU lane's gauges now and every `everyMs`; returns the stop function.
 *
 * @example
 * ```ts
 * const stop = publishLanes(budget, pool, 2, onError);
 * // ... stop() before budget.close()
 * ```
 */
export function publishLanes(
  budget: Pick<SharedBudget, "publishCpu">,
  pool: Pick<LanedPool, "cpuInFlight">,
  cpuCapacity: number,
  onError: (error: unknown, context: string) => void,
  everyMs = 1000,
): () => void {
  const publish = () => {
    try {
      budget.publishCpu(pool.cpuInFlight, cpuCapacity);
    } catch (error) {
      onError(error, "lane gauges");
    }
  };
  publish();
  // Once a second also renews the row's expiry (a killed worker's gauges lapse with its slots).
  const timer = setInterval(publish, everyMs);
  Deno.unrefTimer(timer);
  return () => clearInterval(timer);
}

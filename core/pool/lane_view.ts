/**
 * The project's two lanes as every worker process left them in queue.db,
 * for `status` and the KM's `/metrics`: the model lane's shared ceiling
 * (`lane_budget`) with the slots the workers hold, and the CPU lane's jobs
 * in flight and slots as each worker publishes them (`lane_slots`, lane
 * `cpu`). Rows past their expiry (a killed worker) are not counted. Reads
 * only, imports nothing heavy (`status` starts without zod), and answers
 * undefined for a database from before the lanes (the readers never migrate).
 * @module
 */

import type { DatabaseSync } from "node:sqlite";

/** One lane as the project's workers hold it now. */
export interface LaneGauge {
  inFlight: number;
  /** Jobs the lane may run now: the CPU lane's slots, the model lane's adapted ceiling. */
  capacity: number;
  /** Workers holding or publishing this lane. */
  workers: number;
}

/** Both lanes; `model.max` is the configured ceiling (`lanes.model.maxInFlight`). */
export interface LanesView {
  cpu: LaneGauge;
  model: LaneGauge & { max: number };
}

type Run = (sql: string, ...params: (number | string)[]) => Record<string, unknown> | undefined;

/**
 * Reads the lanes from an open queue database (read-only is enough).
 *
 * @example
 * ```ts
 * readLanes(db, Date.now()); // { cpu: { inFlight: 2, capacity: 2, workers: 1 }, model: { ... } }
 * ```
 */
export function readLanes(db: DatabaseSync, now: number): LanesView | undefined {
  const get: Run = (sql, ...params) =>
    db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
  const tables = get(
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('lane_budget', 'lane_slots')",
  );
  if (Number(tables?.n) !== 2) return undefined;
  const column = get(
    "SELECT count(*) AS n FROM pragma_table_info('lane_slots') WHERE name = 'capacity'",
  );
  if (Number(column?.n) !== 1) return undefined;
  const gauge = (lane: string) =>
    get(
      `SELECT coalesce(sum(slots), 0) AS slots, coalesce(sum(capacity), 0) AS capacity,
         count(*) AS workers FROM lane_slots WHERE lane = ? AND expires_at >= ?`,
      lane,
      now,
    )!;
  const cpu = gauge("cpu");
  const model = gauge("model");
  const budget = get("SELECT max, value FROM lane_budget WHERE lane = 'model'");
  const max = Number(budget?.max ?? 0);
  return {
    cpu: {
      inFlight: Number(cpu.slots),
      capacity: Number(cpu.capacity),
      workers: Number(cpu.workers),
    },
    model: {
      inFlight: Number(model.slots),
      capacity: budget ? Math.max(1, Math.floor(Number(budget.value) + 1e-9)) : 0,
      workers: Number(model.workers),
      max,
    },
  };
}

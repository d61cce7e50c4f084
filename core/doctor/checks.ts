/**
 * The table of `doctor` checks, run in this order. Each entry loads one
 * small module exporting `check`; add a line here to add a check.
 * @module
 */

import type { DoctorCheck } from "./check.ts";

/** A lazily loaded check. */
export interface CheckEntry {
  id: string;
  load: () => Promise<{ check: DoctorCheck }>;
}

/** Every doctor check. */
export const doctorChecks: CheckEntry[] = [
  { id: "km-stale-state", load: () => import("./km_stale_state_check.ts") },
  { id: "km-dead", load: () => import("./km_dead_check.ts") },
  { id: "km-port-conflict", load: () => import("./km_port_conflict_check.ts") },
];

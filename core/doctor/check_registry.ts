/**
 * Doctor checks contributed by plugins. Kept apart from the built-in table
 * (and free of imports) so that registering a check at start-up costs
 * nothing: the check's module loads only when `doctor` runs.
 * @module
 */

import type { DoctorCheck } from "./check.ts";

/** A lazily loaded check. */
export interface CheckEntry {
  id: string;
  load: () => Promise<{ check: DoctorCheck }>;
}

const contributed = new Map<string, CheckEntry>();

/**
 * Adds a plugin's check (idempotent by id).
 *
 * @example
 * ```ts
 * registerDoctorCheck({ id: "redis-queue", load: () => loadMyCheckModule() });
 * ```
 */
export function registerDoctorCheck(entry: CheckEntry): void {
  contributed.set(entry.id, entry);
}

/** The checks plugins registered, in registration order. */
export function contributedDoctorChecks(): CheckEntry[] {
  return [...contributed.values()];
}

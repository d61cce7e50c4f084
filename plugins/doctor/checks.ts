/**
 * The `doctor` checks, read from the installed plugin host: the doctor
 * plugin's own (its manifest, `mod.ts`, lists them in the order they run),
 * then those other plugins contribute as `doctorChecks`, in plugin order.
 * Each entry loads one small module exporting `check`.
 * @module
 */

import { pluginHost } from "../../core/plugin_host/current.ts";
import type { DoctorCheck } from "./check.ts";

/** A lazily loaded check. */
export interface CheckEntry {
  id: string;
  load: () => Promise<{ check: DoctorCheck }>;
}

/**
 * Every check the installed plugins contribute, the doctor's own first.
 *
 * @example
 * ```ts
 * const findings = await runChecks(env, allDoctorChecks());
 * ```
 */
export function allDoctorChecks(): CheckEntry[] {
  return pluginHost().doctorChecks().map((entry): CheckEntry => ({
    id: entry.contribution.id,
    load: () => entry.load<{ check: DoctorCheck }>(),
  }));
}

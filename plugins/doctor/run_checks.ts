/**
 * Runs every doctor check against one environment and collects the findings.
 * A check that throws becomes an error finding naming the check, so one
 * broken check never hides the others.
 * @module
 */

import { errorMessage } from "../../core/errors.ts";
import type { DoctorEnv, Finding } from "./check.ts";
import { allDoctorChecks } from "./checks.ts";

/**
 * All findings, in check order.
 *
 * @example
 * ```ts
 * const findings = await runChecks(env);
 * const failed = findings.some((f) => f.severity === "error");
 * ```
 */
export async function runChecks(env: DoctorEnv, entries = allDoctorChecks()): Promise<Finding[]> {
  const results = await Promise.all(entries.map(async (entry) => {
    try {
      const { check } = await entry.load();
      return await check.run(env);
    } catch (error) {
      // Reported, not swallowed: the failure becomes a finding the user sees.
      return [{
        check: entry.id,
        severity: "error" as const,
        message: `the check itself failed: ${errorMessage(error)}`,
        fix: "rerun with --debug and report it",
      }];
    }
  }));
  return results.flat();
}

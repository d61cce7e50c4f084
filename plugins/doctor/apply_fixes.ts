/**
 * `doctor --fix`: runs every check and, for each finding marked
 * `repairable`, calls its check's `repair`. Only safe fixes are marked
 * repairable (removing stale state, repairing the event chain by
 * quarantine, installing missing hooks, `init` for missing directories);
 * everything else is left to the user with its fix command. A repair that
 * fails is reported, never hidden, and the others still run.
 * @module
 */

import { errorMessage } from "../../core/errors.ts";
import type { DoctorEnv } from "./check.ts";
import { allDoctorChecks, type CheckEntry } from "./checks.ts";

/** What one repair did. */
export interface RepairOutcome {
  check: string;
  /** The finding that was repaired. */
  problem: string;
  ok: boolean;
  /** What was done, or why it failed. */
  message: string;
}

/**
 * Applies every safe fix, one check at a time (repairs may touch the same files).
 *
 * @example
 * ```ts
 * const repairs = await applyFixes(env);
 * repairs.filter((r) => !r.ok).forEach((r) => console.log(r.check, r.message));
 * ```
 */
export async function applyFixes(
  env: DoctorEnv,
  entries: CheckEntry[] = allDoctorChecks(),
): Promise<RepairOutcome[]> {
  const outcomes: RepairOutcome[] = [];
  for (const entry of entries) {
    const { check } = await entry.load();
    if (!check.repair) continue;
    let findings;
    try {
      findings = await check.run(env);
    } catch (error) {
      // The normal run reports this check's failure as a finding; nothing to repair here.
      outcomes.push({
        check: check.id,
        problem: "the check failed",
        ok: false,
        message: errorMessage(error),
      });
      continue;
    }
    for (const finding of findings) {
      if (!finding.repairable || finding.severity === "ok") continue;
      try {
        const message = await check.repair(env, finding);
        outcomes.push({ check: check.id, problem: finding.message, ok: true, message });
      } catch (error) {
        outcomes.push({
          check: check.id,
          problem: finding.message,
          ok: false,
          message: errorMessage(error),
        });
      }
      break; // one repair per check covers all its findings; the re-run shows what is left
    }
  }
  return outcomes;
}

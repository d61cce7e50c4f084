/**
 * Doctor check: the project's event log verifies (hash chain, no torn or
 * edited lines). A broken chain is repairable: `events repair` quarantines
 * the bad lines (nothing is deleted) and re-chains the rest.
 * @module
 */

import { eventLogFor } from "../../core/events/emit.ts";
import { eventLogPaths } from "../../core/events/event_paths.ts";
import { repairLog } from "../../core/events/repair.ts";
import { verifyLog } from "../../core/events/verify.ts";
import { defineCheck, type Finding } from "./check.ts";

const id = "event-chain";

/** The check. */
export const check = defineCheck({
  id,
  title: "the event log's hash chain verifies",
  async run(env): Promise<Finding[]> {
    if (!env.paths) return [];
    const report = await verifyLog(eventLogPaths(env.paths));
    if (report.ok) {
      return [{ check: id, severity: "ok", message: `event log ok (${report.lines} events)` }];
    }
    const bad = report.firstBad!;
    return [{
      check: id,
      severity: "error",
      message: `event log broken at ${bad.file}:${bad.line} (${bad.kind}): ${bad.reason}`,
      fix: "super-agents events repair   (quarantines the bad lines, re-chains the rest)",
      repairable: true,
    }];
  },
  async repair(env) {
    const report = await repairLog(await eventLogFor(env.paths!), env.ctx.now);
    return report.repaired
      ? `event log repaired: ${report.quarantined} line(s) quarantined, ${report.rechained} re-chained`
      : "event log already verified";
  },
});

/**
 * Doctor check: the per-user audit log verifies. A broken audit chain is
 * evidence of tampering or damage, so doctor never repairs it; it names it.
 * @module
 */

import { auditLogPaths } from "../../core/audit/audit_paths.ts";
import { verifyLog } from "../../core/events/verify.ts";
import { defineCheck } from "./check.ts";

const id = "audit-chain";

/** The check. */
export const check = defineCheck({
  id,
  title: "the audit log's hash chain verifies",
  async run(env) {
    const files = auditLogPaths(env.ctx);
    const report = await verifyLog(files, { all: true });
    if (report.ok) {
      return [{ check: id, severity: "ok", message: `audit log ok (${report.lines} entries)` }];
    }
    const bad = report.firstBad!;
    return [{
      check: id,
      severity: "error",
      message: `audit log ${files.log} broken at ${bad.file}:${bad.line}: ${bad.reason}`,
      fix:
        `keep it as evidence (cp ${files.log} ${files.log}.evidence) and find out who changed it; ` +
        "`super-agents audit verify` shows the first bad entry",
    }];
  },
});

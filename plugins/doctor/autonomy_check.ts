/**
 * Doctor check: does queued work run by itself? The supervised worker is
 * alive (`worker_findings.ts`) and the command that Claude Code and the hooks
 * use to start super-agents still exists (`launcher_findings.ts`, repaired
 * by `launcher_repair.ts`).
 * @module
 */

import { defineCheck, type Finding } from "./check.ts";
import { launcherFindings } from "./launcher_findings.ts";
import { repairLauncher } from "./launcher_repair.ts";
import { workerFindings } from "./worker_findings.ts";

const id = "autonomy";

/** The check. */
export const check = defineCheck({
  id,
  title: "queued work runs: the supervised worker is alive and the launcher exists",
  async run(env): Promise<Finding[]> {
    return [...await workerFindings(env, id), ...await launcherFindings(env, id)];
  },
  // Only the launcher's findings are repairable; a dead worker is restarted by the user.
  repair: (env) => repairLauncher(env),
});

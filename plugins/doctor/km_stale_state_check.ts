/**
 * Doctor check: KM state files that no longer describe a running KM —
 * half-written sets, a pid now owned by an unrelated process, and temp files
 * left by interrupted atomic writes.
 * @module
 */

import { defineCheck, type Finding } from "./check.ts";
import { repairKmState } from "./km_state_repair.ts";

const id = "km-stale-state";

/** The check. */
export const check = defineCheck({
  id,
  title: "KM state files are current",
  async run(env) {
    if (!env.paths) return [];
    const findings: Finding[] = [];
    const km = await env.km();
    if (km?.status === "stale") {
      findings.push({
        check: id,
        severity: "warning",
        message: `stale KM state files in ${env.paths.state}: ${km.reason}`,
        fix: "super-agents start   (removes the stale files and starts a fresh KM)",
        repairable: true,
      });
    }
    const leftovers: string[] = [];
    try {
      for await (const entry of Deno.readDir(env.paths.state)) {
        if (/^\.km\..*\.tmp$/.test(entry.name)) leftovers.push(entry.name);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // no state dir: nothing stale
    }
    if (leftovers.length) {
      findings.push({
        check: id,
        severity: "warning",
        message: `interrupted writes left ${leftovers.join(", ")} in ${env.paths.state}`,
        fix: `rm ${leftovers.map((name) => `${env.paths!.state}/${name}`).join(" ")}`,
        repairable: true,
      });
    }
    if (findings.length === 0) {
      findings.push({ check: id, severity: "ok", message: "KM state files are consistent" });
    }
    return findings;
  },
  repair: (env) => repairKmState(env),
});

/**
 * Doctor check: port problems — an empty configured range, a recorded port
 * outside the range, and the project's recorded port held by another program
 * or claimed by another running project.
 * @module
 */

import { canBind, readClaims } from "../km/ports.ts";
import { isProcessAlive } from "../km/process_info.ts";
import { defineCheck, type Finding } from "./check.ts";

const id = "km-port-conflict";

/** The check. */
export const check = defineCheck({
  id,
  title: "KM ports do not conflict",
  async run(env) {
    const { portMin, portMax, host } = env.config.km;
    const findings: Finding[] = [];
    if (portMin > portMax) {
      findings.push({
        check: id,
        severity: "error",
        message: `the KM port range ${portMin}-${portMax} is empty`,
        fix: `super-agents config set km.portMax ${portMin + 99}`,
      });
    }
    const km = await env.km();
    if (km?.port !== undefined && km.status !== "running") {
      if (!canBind(host, km.port)) {
        findings.push({
          check: id,
          severity: "error",
          message: `port ${km.port}, recorded for this project, is held by another program`,
          fix: "super-agents start   (picks another free port)",
        });
      }
    }
    if (km?.port !== undefined && (km.port < portMin || km.port > portMax)) {
      findings.push({
        check: id,
        severity: "warning",
        message: `the KM's port ${km.port} is outside the configured range ${portMin}-${portMax}`,
        fix: "super-agents restart",
      });
    }
    if (env.paths && km?.port !== undefined) {
      const claim = (await readClaims(env.ctx)).claims[String(km.port)];
      if (
        claim && claim.root !== env.paths.root && claim.pid > 0 && isProcessAlive(claim.pid)
      ) {
        findings.push({
          check: id,
          severity: "error",
          message: `port ${km.port} is claimed by another running project (${claim.root})`,
          fix: "super-agents restart",
        });
      }
    }
    if (findings.length === 0) {
      findings.push({
        check: id,
        severity: "ok",
        message: `no port conflicts in ${portMin}-${portMax}`,
      });
    }
    return findings;
  },
});

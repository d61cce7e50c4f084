/**
 * Doctor check: is the project's KM alive and answering? Reports a dead KM
 * (pid file left, process gone), an unhealthy one (alive, `/health` silent)
 * and a stopped one.
 * @module
 */

import { defineCheck, type Finding } from "./check.ts";
import { repairKmState } from "./km_state_repair.ts";

const id = "km-dead";

/** The check. */
export const check = defineCheck({
  id,
  title: "the project's KM is running",
  async run(env): Promise<Finding[]> {
    const km = await env.km();
    if (!km) return [];
    switch (km.status) {
      case "running":
        return [{
          check: id,
          severity: "ok",
          message: `KM running on port ${km.port} (pid ${km.pid})`,
        }];
      case "stopped":
        return [{
          check: id,
          severity: "info",
          message: "KM is not running",
          fix: "super-agents start",
        }];
      case "dead":
        return [{
          check: id,
          severity: "error",
          message: `KM is dead: ${km.reason}, but its state files remain`,
          fix: "super-agents start   (cleans up and restarts on the same port)",
          repairable: true,
        }];
      case "unhealthy":
        return [{
          check: id,
          severity: "error",
          message: `KM process ${km.pid} is alive but ${km.reason}`,
          fix: "super-agents restart",
        }];
      case "stale":
        return []; // reported by km-stale-state
    }
  },
  repair: (env) => repairKmState(env),
});

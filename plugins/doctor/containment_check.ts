/**
 * Doctor check: which OS containment the child processes of agents get
 * here — bubblewrap working, the user's explicit opt-out, or none (then
 * agents that start programs refuse to, and this names the fix).
 * @module
 */

import { CONTAINMENT_HINT, detectContainment } from "../../core/pool/containment.ts";
import { defineCheck } from "./check.ts";

const id = "containment";

/** The check. */
export const check = defineCheck({
  id,
  title: "Agents' child processes are contained by the OS",
  run(env) {
    const containment = detectContainment(env.ctx.env);
    if (containment.kind === "bubblewrap") {
      return Promise.resolve([{
        check: id,
        severity: "ok",
        message: `bubblewrap (${containment.path}): agents' programs run in their own ` +
          "namespaces with only their grants mounted",
      }]);
    }
    if (containment.kind === "uncontained") {
      return Promise.resolve([{
        check: id,
        severity: "warning",
        message: `containment is OFF by your opt-out: agents' programs run with your full ` +
          `rights (${containment.reason})`,
        fix: CONTAINMENT_HINT,
      }]);
    }
    return Promise.resolve([{
      check: id,
      severity: "error",
      message: `no OS containment: agents that need to run programs will refuse ` +
        `(${containment.reason})`,
      fix: CONTAINMENT_HINT,
    }]);
  },
});

/**
 * Doctor check: the configuration layers (global `~/.super-agents/config.json`,
 * the project's `.claude/config.json`, environment aliases) load and
 * validate. When they do not, every other check runs on the defaults and
 * this one names the problem.
 * @module
 */

import { defineCheck } from "./check.ts";

const id = "config";

/** The check. */
export const check = defineCheck({
  id,
  title: "configuration is valid",
  run(env) {
    if (env.configError) {
      return Promise.resolve([{
        check: id,
        severity: "error" as const,
        message: `configuration does not load: ${env.configError}`,
        fix: "super-agents config validate   (shows each problem with its file and key)",
      }]);
    }
    return Promise.resolve([{
      check: id,
      severity: "ok" as const,
      message: "global and project configuration are valid",
    }]);
  },
});

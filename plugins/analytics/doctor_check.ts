/**
 * The analytics plugin's `doctor` check (inside a project): its `analytics`
 * config section is valid (with a broken one, workers run without
 * analytics), an older `.claude/analytics.json` waits for `upgrade`, and
 * how much the outcome history holds.
 * @module
 */

import { defineCheck, type Finding } from "../doctor/check.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { analyticsConfig, legacyAnalyticsPath } from "./config.ts";
import { historyPath, openOutcomeStore } from "./history/outcome_store.ts";

const ID = "analytics";

/** The check: settings valid, history readable. */
export const check = defineCheck({
  id: ID,
  title: "analytics settings and outcome history",
  async run(env): Promise<Finding[]> {
    if (!env.paths) return [];
    try {
      analyticsConfig(env.config);
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      return [{
        check: ID,
        severity: "error",
        message: `${error.message} (workers run without analytics until it is fixed)`,
        fix: error.hint,
      }];
    }
    let rows: number;
    try {
      const store = openOutcomeStore(historyPath(env.paths));
      try {
        rows = (store.db.prepare("SELECT count(*) AS n FROM outcomes").get() as { n: number }).n;
      } finally {
        store.close();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [{
        check: ID,
        severity: "error",
        message,
        fix: `move ${historyPath(env.paths)} aside (a new, empty history is created)`,
      }];
    }
    const legacy = legacyAnalyticsPath(env.paths);
    const present = await Deno.stat(legacy).then(() => true, (error) => {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    });
    if (present) {
      return [{
        check: ID,
        severity: "warning",
        message: `${legacy} is no longer read (settings live in the "analytics" config section)`,
        fix: "run `super-agents upgrade` to move it into .claude/config.json",
      }];
    }
    return [{
      check: ID,
      severity: "ok",
      message: `settings valid; ${rows} outcome(s) in the history`,
    }];
  },
});

/**
 * The analytics plugin's `doctor` check (inside a project): its settings
 * file `.claude/analytics.json` is valid (a broken one stops the worker
 * from starting, since the router and the history listener read it), and
 * how much the outcome history holds.
 * @module
 */

import { defineCheck, type Finding } from "../doctor/check.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { analyticsConfigPath, loadAnalyticsConfig } from "./config.ts";
import { historyPath, openOutcomeStore } from "./history/outcome_store.ts";

const ID = "analytics";

/** The check: settings valid, history readable. */
export const check = defineCheck({
  id: ID,
  title: "analytics settings and outcome history",
  async run(env): Promise<Finding[]> {
    if (!env.paths) return [];
    try {
      await loadAnalyticsConfig(env.paths);
    } catch (error) {
      if (!(error instanceof SuperAgentsError)) throw error;
      return [{ check: ID, severity: "error", message: error.message, fix: error.hint }];
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
    const file = analyticsConfigPath(env.paths);
    const present = await Deno.stat(file).then(() => true, (error) => {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    });
    return [{
      check: ID,
      severity: "ok",
      message: `${present ? `${file} valid` : "no .claude/analytics.json (defaults)"}; ` +
        `${rows} outcome(s) in the history`,
    }];
  },
});

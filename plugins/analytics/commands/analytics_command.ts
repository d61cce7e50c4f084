/**
 * `super-agents analytics [--since 7d] [--by agent|model|kind|tier|version] [--json]`:
 * success rates, latency percentiles, cost per job and per successful
 * task, fallback and retry rates and trends from the outcome history;
 * `--alerts` re-evaluates and lists the open alerts (regressions, failure
 * trends, SLO burn rates) with their evidence.
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  numberFlag,
  stringFlag,
} from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { requireProject } from "../../../core/paths.ts";
import { AlertCenter, openAlerts } from "../alerts/alert_center.ts";
import { loadAnalyticsSettings } from "../config.ts";
import { historyPath, openOutcomeStore } from "../history/outcome_store.ts";
import {
  analyticsReport,
  formatReport,
  type Grouping,
  GROUPINGS,
} from "../report/analytics_report.ts";

const DAY_MS = 86_400_000;

async function run(ctx: Context, args: CommandArgs): Promise<void> {
  const paths = requireProject(ctx);
  const { config, settings } = await loadAnalyticsSettings(ctx, paths);
  const store = openOutcomeStore(historyPath(paths));
  try {
    if (booleanFlag(args, "alerts")) {
      const center = new AlertCenter({
        store,
        settings,
        paths,
        config,
        now: () => ctx.now(),
        onError: (error, context) =>
          ctx.stderr.write(`warning: ${context}: ${(error as Error).message}\n`),
      });
      const agents = store.db.prepare("SELECT DISTINCT agent FROM outcomes").all() as {
        agent: string;
      }[];
      for (const { agent } of agents) center.evaluate(agent);
      await center.settle();
      const open = openAlerts(store);
      if (ctx.json) return void ctx.stdout.write(JSON.stringify({ alerts: open }) + "\n");
      ctx.stdout.write(
        open.length === 0
          ? "no open alerts\n"
          : open.map((a) =>
            `${a.level.toUpperCase()} ${a.message}\n${
              a.evidence.map((e) => `  - ${e}`).join("\n")
            }\n`
          ).join(""),
      );
      return;
    }
    const now = ctx.now();
    const report = analyticsReport(store.db, {
      since: now - (numberFlag(args, "since") ?? 7 * DAY_MS),
      until: now,
      by: (stringFlag(args, "by") ?? "agent") as Grouping,
    });
    ctx.stdout.write(ctx.json ? JSON.stringify(report) + "\n" : formatReport(report));
  } finally {
    store.close();
  }
}

/** The `analytics` command. */
export const command = defineCommand({
  name: "analytics",
  summary: "success rates, latency, cost and trends from the outcome history",
  description:
    "Reads .claude/state/analytics.db, which `super-agents worker` fills as jobs finish.",
  flags: {
    since: { type: "duration", description: "<age> window, e.g. 24h or 7d (default 7d)", min: 1 },
    by: {
      type: "enum",
      values: GROUPINGS,
      description: "<field> group by agent (default), model, kind, tier or version",
    },
    alerts: { type: "boolean", description: "evaluate and list the open alerts instead" },
  },
  examples: [
    "super-agents analytics",
    "super-agents analytics --since 24h --by model",
    "super-agents analytics --by kind --json",
    "super-agents analytics --alerts",
  ],
  run,
});

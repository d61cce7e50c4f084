/**
 * `super-agents slo status` shows each agent's objectives (the
 * `analytics.slos` config section) against the last 30 days and the
 * burn-rate alerts firing now; `super-agents slo rules [--output file]`
 * writes them as Prometheus recording and alerting rules.
 * @module
 */

import { type CommandArgs, defineCommand, stringFlag } from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { writeFileAtomic } from "../../../core/atomic_file.ts";
import { requireProject } from "../../../core/paths.ts";
import { loadAnalyticsSettings } from "../config.ts";
import { historyPath, openOutcomeStore, SUCCESS_SQL } from "../history/outcome_store.ts";
import { percentile } from "../stats/percentile.ts";
import { burnAlerts } from "../slo/burn_rate.ts";
import { prometheusRules } from "../slo/prometheus_rules.ts";

const DAY_MS = 86_400_000;

async function rules(ctx: Context, args: CommandArgs): Promise<void> {
  const paths = requireProject(ctx);
  const { settings } = await loadAnalyticsSettings(ctx, paths);
  const text = prometheusRules(settings.slos);
  const output = stringFlag(args, "output");
  if (output === undefined) return void ctx.stdout.write(text);
  const file = output.startsWith("/") ? output : `${ctx.cwd}/${output}`;
  await writeFileAtomic(file, text);
  ctx.stdout.write(
    ctx.json
      ? JSON.stringify({ file, agents: Object.keys(settings.slos) }) + "\n"
      : `wrote ${file} (${
        Object.keys(settings.slos).length
      } agents; check it with \`promtool check rules ${file}\`)\n`,
  );
}

async function status(ctx: Context): Promise<void> {
  const paths = requireProject(ctx);
  const { settings } = await loadAnalyticsSettings(ctx, paths);
  const agents = Object.entries(settings.slos);
  if (agents.length === 0) {
    ctx.stdout.write(
      ctx.json ? '{"agents":[]}\n' : "no SLOs: set them with `super-agents config set " +
        "analytics.slos.<agent>.successRate 0.95` (or latencyP95Ms, costPerTaskUsd)\n",
    );
    return;
  }
  const store = openOutcomeStore(historyPath(paths));
  const now = ctx.now();
  try {
    const report = agents.map(([agent, slo]) => {
      const rows = store.db.prepare(
        `SELECT finished_at, ${SUCCESS_SQL} AS ok, latency_ms, cost_usd FROM outcomes
         WHERE agent = ? AND finished_at >= ?`,
      ).all(agent, now - 30 * DAY_MS) as {
        finished_at: number;
        ok: number;
        latency_ms: number;
        cost_usd: number;
      }[];
      const samples = rows.map((r) => ({
        at: r.finished_at,
        ok: r.ok === 1,
        latencyMs: r.latency_ms,
        costUsd: r.cost_usd,
      }));
      return {
        agent,
        slo,
        last30d: {
          tasks: samples.length,
          successRate: samples.length ? samples.filter((s) => s.ok).length / samples.length : null,
          latencyP95Ms: percentile(samples.map((s) => s.latencyMs), 95),
          costP95Usd: percentile(samples.map((s) => s.costUsd), 95),
        },
        alerts: burnAlerts(slo, samples.filter((s) => s.at >= now - DAY_MS / 4), now),
      };
    });
    if (ctx.json) return void ctx.stdout.write(JSON.stringify({ agents: report }) + "\n");
    for (const r of report) {
      const l = r.last30d;
      ctx.stdout.write(
        `${r.agent}: ${l.tasks} tasks in 30 days` +
          (r.slo.successRate !== undefined
            ? `; success ${
              l.successRate === null ? "-" : (l.successRate * 100).toFixed(2)
            }% (objective ${(r.slo.successRate * 100).toFixed(2)}%)`
            : "") +
          (r.slo.latencyP95Ms !== undefined
            ? `; p95 ${l.latencyP95Ms ?? "-"} ms (objective ${r.slo.latencyP95Ms} ms)`
            : "") +
          (r.slo.costPerTaskUsd !== undefined
            ? `; p95 cost $${l.costP95Usd?.toFixed(4) ?? "-"} (objective $${r.slo.costPerTaskUsd})`
            : "") +
          "\n" +
          r.alerts.map((a) => `  ${a.severity.toUpperCase()}: ${a.evidence}\n`).join(""),
      );
    }
  } finally {
    store.close();
  }
}

/** The `slo` command. */
export const command = defineCommand({
  name: "slo",
  summary: "service level objectives: status and Prometheus rules",
  subcommands: {
    status: defineCommand({
      name: "status",
      summary: "objectives against the last 30 days, and burn-rate alerts firing now",
      examples: ["super-agents slo status", "super-agents slo status --json"],
      run: status,
    }),
    rules: defineCommand({
      name: "rules",
      summary: "write the SLOs as Prometheus recording and alerting rules",
      flags: { output: { type: "string", description: "<file> write here instead of stdout" } },
      examples: [
        "super-agents slo rules --output prometheus/super-agents-slo.rules.yml",
        "super-agents slo rules > slo.rules.yml && promtool check rules slo.rules.yml",
      ],
      run: rules,
    }),
  },
  examples: ["super-agents slo status", "super-agents slo rules --output slo.rules.yml"],
});

/**
 * The SLOs as Prometheus rules, over the metrics the KM's `/metrics`
 * already exports: recording rules for each objective's error ratio over
 * 5m, 30m, 1h and 6h (success: tasks not `completed` in
 * `super_agents_agent_tasks_total`; latency: attempts slower than the
 * objective in `super_agents_agent_duration_seconds`, at the smallest
 * bucket bound at or above it), and the workbook's two multi-window
 * burn-rate alerts per objective (page: 14.4× over 1h and 5m; ticket: 6×
 * over 6h and 30m). Cost per task has no per-task distribution in
 * Prometheus: it is one threshold alert on the hourly average.
 * @module
 */

import { DURATION_BUCKETS } from "../../km/queue_facts.ts";
import type { Slo } from "../config.ts";
import { BURN_WINDOWS, objectivesOf } from "./burn_rate.ts";

const RANGES = ["5m", "30m", "1h", "6h"] as const;

function quote(value: string): string {
  return JSON.stringify(value); // a JSON string is a valid YAML double-quoted scalar
}

/**
 * The alerts the analytics plugin raises itself (regression, failure
 * trend, SLO burn), as the KM's `/metrics` exposes them
 * (`super_agents_analytics_alert_open`): one Prometheus alert per open one.
 */
const ANALYTICS_ALERT_RULES = [
  `      - alert: SuperAgentsAnalyticsAlert`,
  `        expr: ${quote("max by (agent, type, level) (super_agents_analytics_alert_open) > 0")}`,
  `        labels:`,
  `          severity: ticket`,
  `        annotations:`,
  `          summary: ${
    quote("{{ $labels.agent }}: analytics {{ $labels.type }} alert ({{ $labels.level }})")
  }`,
  `          description: ${quote("`super-agents analytics --alerts` shows the evidence")}`,
];

/** The latency bucket bound (seconds) the rules use for an objective in milliseconds. */
export function latencyBucket(ms: number): number {
  return DURATION_BUCKETS.find((bound) => bound * 1000 >= ms) ?? DURATION_BUCKETS.at(-1)!;
}

function errorRatioExpr(agent: string, objective: "success" | "latency", slo: Slo, range: string) {
  const a = `agent=${quote(agent)}`;
  if (objective === "success") {
    return `sum(rate(super_agents_agent_tasks_total{${a},status!="completed"}[${range}])) / ` +
      `sum(rate(super_agents_agent_tasks_total{${a}}[${range}]))`;
  }
  const le = latencyBucket(slo.latencyP95Ms!);
  return `1 - sum(rate(super_agents_agent_duration_seconds_bucket{${a},le="${le}"}[${range}])) / ` +
    `sum(rate(super_agents_agent_duration_seconds_count{${a}}[${range}]))`;
}

/**
 * The rules file (YAML) for the SLOs of `slos`.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("slo.rules.yml", prometheusRules({ "reviewer-agent": { successRate: 0.99 } }));
 * ```
 */
export function prometheusRules(slos: Record<string, Slo>): string {
  const recording: string[] = [];
  const alerting: string[] = [];
  for (const [agent, slo] of Object.entries(slos).sort(([a], [b]) => a.localeCompare(b))) {
    for (const objective of objectivesOf(slo)) {
      if (objective.name === "cost") continue;
      const record = (range: string) =>
        `super_agents:slo_${objective.name}_errors:ratio_rate${range}`;
      for (const range of RANGES) {
        recording.push(
          `      - record: ${record(range)}`,
          `        expr: ${quote(errorRatioExpr(agent, objective.name, slo, range))}`,
          `        labels:`,
          `          agent: ${quote(agent)}`,
        );
      }
      for (const window of BURN_WINDOWS) {
        const threshold = +(window.factor * objective.budget).toPrecision(6);
        const sel = `{agent=${quote(agent)}}`;
        alerting.push(
          `      - alert: SuperAgentsSloBurn${window.severity === "page" ? "Page" : "Ticket"}`,
          `        expr: ${
            quote(
              `${record(window.long)}${sel} > ${threshold} and ${
                record(window.short)
              }${sel} > ${threshold}`,
            )
          }`,
          `        labels:`,
          `          severity: ${window.severity}`,
          `          agent: ${quote(agent)}`,
          `          objective: ${objective.name}`,
          `        annotations:`,
          `          summary: ${
            quote(
              `${agent}: ${objective.describe}; error budget burning ${window.factor}x too fast ` +
                `over ${window.long} and ${window.short}`,
            )
          }`,
        );
      }
    }
    if (slo.costPerTaskUsd !== undefined) {
      const a = `agent=${quote(agent)}`;
      alerting.push(
        `      - alert: SuperAgentsCostPerTaskHigh`,
        `        expr: ${
          quote(
            `sum(rate(super_agents_agent_cost_usd_total{${a}}[1h])) / ` +
              `sum(rate(super_agents_agent_tasks_total{${a}}[1h])) > ${slo.costPerTaskUsd}`,
          )
        }`,
        `        for: 15m`,
        `        labels:`,
        `          severity: ticket`,
        `          agent: ${quote(agent)}`,
        `          objective: cost`,
        `        annotations:`,
        `          summary: ${
          quote(`${agent}: average cost per task above $${slo.costPerTaskUsd}`)
        }`,
      );
    }
  }
  const group = (name: string, rules: string[]) =>
    rules.length ? [`  - name: ${name}`, `    rules:`, ...rules] : [];
  const groups = [
    ...group("super-agents-slo-recording", recording),
    ...group("super-agents-slo-alerts", alerting),
    ...group("super-agents-analytics-alerts", ANALYTICS_ALERT_RULES),
  ];
  return [
    "# Generated by `super-agents slo rules` from the analytics.slos config section. Do not edit.",
    "groups:",
    ...groups,
    "",
  ].join("\n");
}

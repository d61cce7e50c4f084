/**
 * SLO error-budget burn-rate alerts, multi-window as in the Google SRE
 * workbook (chapter 5, "Alerting on SLOs"): a page when the budget burns
 * 14.4× too fast over both the last hour and the last 5 minutes (2 % of a
 * 30-day budget in an hour), a ticket at 6× over both 6 hours and 30
 * minutes (5 % in 6 hours). The short window makes an alert clear soon
 * after the burning stops. Objectives per agent: success rate (a failed
 * task is a bad event), p95 latency and cost per task (a task above the
 * threshold is bad; 5 % may be).
 * @module
 */

import type { Slo } from "../config.ts";

/** A multi-window burn-rate rule. */
export interface BurnWindow {
  severity: "page" | "ticket";
  longMs: number;
  shortMs: number;
  factor: number;
  /** Prometheus range names of the two windows. */
  long: string;
  short: string;
}

const MINUTE = 60_000;

/** The workbook's two rules. */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  {
    severity: "page",
    longMs: 60 * MINUTE,
    shortMs: 5 * MINUTE,
    factor: 14.4,
    long: "1h",
    short: "5m",
  },
  {
    severity: "ticket",
    longMs: 360 * MINUTE,
    shortMs: 30 * MINUTE,
    factor: 6,
    long: "6h",
    short: "30m",
  },
];

/** One task as the SLOs see it. */
export interface SloSample {
  at: number;
  ok: boolean;
  latencyMs: number;
  costUsd: number;
}

/** One objective: its name, error budget and what makes a task bad. */
export interface Objective {
  name: "success" | "latency" | "cost";
  budget: number;
  bad(sample: SloSample): boolean;
  describe: string;
}

/** The objectives an SLO entry defines. */
export function objectivesOf(slo: Slo): Objective[] {
  const out: Objective[] = [];
  if (slo.successRate !== undefined) {
    out.push({
      name: "success",
      budget: 1 - slo.successRate,
      bad: (s) => !s.ok,
      describe: `${(slo.successRate * 100).toFixed(2)}% of tasks succeed`,
    });
  }
  if (slo.latencyP95Ms !== undefined) {
    const limit = slo.latencyP95Ms;
    out.push({
      name: "latency",
      budget: 0.05,
      bad: (s) => s.latencyMs > limit,
      describe: `95% of tasks within ${limit} ms`,
    });
  }
  if (slo.costPerTaskUsd !== undefined) {
    const limit = slo.costPerTaskUsd;
    out.push({
      name: "cost",
      budget: 0.05,
      bad: (s) => s.costUsd > limit,
      describe: `95% of tasks at or under $${limit}`,
    });
  }
  return out;
}

/** A firing burn-rate alert. */
export interface BurnAlert {
  objective: Objective["name"];
  severity: BurnWindow["severity"];
  longBurn: number;
  shortBurn: number;
  evidence: string;
}

/** How fast `objective`'s error budget burns over the samples since `from` (1: exactly on budget). */
export function burnRate(
  samples: readonly SloSample[],
  objective: Objective,
  from: number,
): number {
  let total = 0;
  let bad = 0;
  for (const s of samples) {
    if (s.at < from) continue;
    total++;
    if (objective.bad(s)) bad++;
  }
  return total === 0 ? 0 : bad / total / objective.budget;
}

/**
 * The burn-rate alerts firing at `now` for one agent's SLO.
 *
 * @example
 * ```ts
 * burnAlerts({ successRate: 0.99 }, lastSixHours, Date.now());
 * ```
 */
export function burnAlerts(slo: Slo, samples: readonly SloSample[], now: number): BurnAlert[] {
  const alerts: BurnAlert[] = [];
  for (const objective of objectivesOf(slo)) {
    for (const window of BURN_WINDOWS) {
      const longBurn = burnRate(samples, objective, now - window.longMs);
      const shortBurn = burnRate(samples, objective, now - window.shortMs);
      if (longBurn >= window.factor && shortBurn >= window.factor) {
        alerts.push({
          objective: objective.name,
          severity: window.severity,
          longBurn,
          shortBurn,
          evidence: `${objective.describe}: error budget burning ${longBurn.toFixed(1)}× over ` +
            `${window.long} and ${
              shortBurn.toFixed(1)
            }× over ${window.short} (alert at ${window.factor}×)`,
        });
        break; // the page covers the ticket
      }
    }
  }
  return alerts;
}

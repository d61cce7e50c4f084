/**
 * The alerts raised from the outcome history, per agent: a regression of
 * its newest version (or of the newest model id of a tier) against the one
 * before, a failure rate trending up, and SLO burn rates. Open alerts live
 * in the history database; a newly raised one is emitted as an
 * `analytics.alert` event and posted through the notification plugin's
 * webhooks (when any is configured), and one that no longer holds is
 * cleared with an `analytics.alert_cleared` event. The dashboard and
 * `/metrics/analytics` read the open ones.
 * @module
 */

import { emitEvent } from "../../../core/events/emit.ts";
import type { ProjectPaths } from "../../../core/paths.ts";
import type { AnalyticsConfig } from "../config.ts";
import { type OutcomeStore, SUCCESS_SQL } from "../history/outcome_store.ts";
import { burnAlerts } from "../slo/burn_rate.ts";
import { failureTrend } from "./failure_trend.ts";
import { type ComparedOutcome, detectRegression } from "./regression.ts";

/** An alert as stored and shown. */
export interface AnalyticsAlert {
  key: string;
  type: "regression" | "failure_trend" | "slo_burn";
  agent: string;
  level: "warning" | "critical";
  message: string;
  evidence: string[];
}

/** An alert that is open, with when it was raised. */
export type OpenAlert = AnalyticsAlert & { raisedAt: number };

const SIX_HOURS = 6 * 3_600_000;
const COMPARED = 200;

/** Every alert that holds for `agent` now (pure reads of the store). */
export function agentAlerts(
  store: OutcomeStore,
  settings: AnalyticsConfig,
  agent: string,
  now: number,
): AnalyticsAlert[] {
  const alerts: AnalyticsAlert[] = [];
  const db = store.db;
  const rows = (where: string, ...args: (string | number)[]) =>
    (db.prepare(
      `SELECT kind, ${SUCCESS_SQL} AS ok, latency_ms, cost_usd FROM outcomes WHERE agent = ? AND ${where}
       ORDER BY finished_at DESC LIMIT ${COMPARED}`,
    ).all(agent, ...args) as { kind: string; ok: number; latency_ms: number; cost_usd: number }[])
      .map((r): ComparedOutcome => ({
        kind: r.kind,
        ok: r.ok === 1,
        latencyMs: r.latency_ms,
        costUsd: r.cost_usd,
      }));
  const compare = (column: "version" | "model", extra: string, ...args: (string | number)[]) => {
    const newest = db.prepare(
      `SELECT ${column} AS name FROM outcomes WHERE agent = ? AND ${column} IS NOT NULL ${extra}
       GROUP BY ${column} ORDER BY min(finished_at) DESC LIMIT 2`,
    ).all(agent, ...args) as { name: string }[];
    if (newest.length < 2) return;
    const [after, before] = newest.map((r) => r.name);
    const found = detectRegression(
      rows(`${column} = ? ${extra}`, before, ...args),
      rows(`${column} = ? ${extra}`, after, ...args),
      settings.regression,
    );
    if (!found) return;
    alerts.push({
      key: `regression:${agent}:${column}:${after}`,
      type: "regression",
      agent,
      level: found.metrics.includes("success") ? "critical" : "warning",
      message: `${agent} ${column} ${after} is worse than ${before} in ${found.metrics.join(", ")}`,
      evidence: found.evidence,
    });
  };
  compare("version", "");
  const tier = (db.prepare(
    "SELECT tier FROM outcomes WHERE agent = ? AND tier IS NOT NULL ORDER BY finished_at DESC LIMIT 1",
  ).get(agent) as { tier: string } | undefined)?.tier;
  if (tier) compare("model", "AND tier = ? AND fallbacks = 0", tier);
  const trend = settings.failureTrend;
  const recent = (db.prepare(
    `SELECT ${SUCCESS_SQL} AS ok FROM outcomes WHERE agent = ? ORDER BY finished_at DESC LIMIT ?`,
  ).all(agent, trend.recentJobs + trend.baselineJobs) as { ok: number }[]).map((r) => r.ok === 1);
  const rising = failureTrend(recent, trend);
  if (rising) {
    alerts.push({
      key: `failure_trend:${agent}`,
      type: "failure_trend",
      agent,
      level: "warning",
      message: `${agent}'s failure rate is trending up (before its circuit opens)`,
      evidence: [rising.evidence],
    });
  }
  const provider = (db.prepare(
    `SELECT provider FROM outcomes WHERE agent = ? AND provider IS NOT NULL
     ORDER BY finished_at DESC LIMIT 1`,
  ).get(agent) as { provider: string } | undefined)?.provider;
  if (provider) {
    // A provider's reliability: whether its jobs ran, not what reviewers thought of them.
    const calls = (db.prepare(
      `SELECT outcome = 'succeeded' AS ok FROM outcomes WHERE provider = ?
       ORDER BY finished_at DESC LIMIT ?`,
    ).all(provider, trend.recentJobs + trend.baselineJobs) as { ok: number }[])
      .map((r) => r.ok === 1);
    const failing = failureTrend(calls, trend);
    if (failing) {
      alerts.push({
        key: `failure_trend:provider:${provider}`,
        type: "failure_trend",
        agent: providerOwner(provider),
        level: "warning",
        message: `the ${provider} provider's failure rate is trending up (before circuits open)`,
        evidence: [failing.evidence],
      });
    }
  }
  const slo = settings.slos[agent];
  if (slo) {
    const samples = (db.prepare(
      `SELECT finished_at, ${SUCCESS_SQL} AS ok, latency_ms, cost_usd FROM outcomes
       WHERE agent = ? AND finished_at >= ?`,
    ).all(agent, now - SIX_HOURS) as {
      finished_at: number;
      ok: number;
      latency_ms: number;
      cost_usd: number;
    }[]).map((r) => ({
      at: r.finished_at,
      ok: r.ok === 1,
      latencyMs: r.latency_ms,
      costUsd: r.cost_usd,
    }));
    for (const burn of burnAlerts(slo, samples, now)) {
      alerts.push({
        key: `slo_burn:${agent}:${burn.objective}`,
        type: "slo_burn",
        agent,
        level: burn.severity === "page" ? "critical" : "warning",
        message: `${agent}'s ${burn.objective} SLO: ${burn.severity}`,
        evidence: [burn.evidence],
      });
    }
  }
  return alerts;
}

/** Who a provider's alerts belong to (the alerts table's `agent` column). */
export function providerOwner(provider: string): string {
  return `provider:${provider}`;
}

/** The open alerts (all agents), newest first. */
export function openAlerts(store: OutcomeStore): OpenAlert[] {
  return (store.db.prepare(
    "SELECT * FROM alerts WHERE open = 1 ORDER BY raised_at DESC",
  ).all() as Record<string, string | number>[]).map((row) => ({
    key: String(row.key),
    type: row.type as AnalyticsAlert["type"],
    agent: String(row.agent),
    level: row.level as AnalyticsAlert["level"],
    message: String(row.message),
    evidence: JSON.parse(String(row.evidence)),
    raisedAt: Number(row.raised_at),
  }));
}

/** What an {@linkcode AlertCenter} works with. */
export interface AlertCenterOptions {
  store: OutcomeStore;
  settings: AnalyticsConfig;
  paths: Pick<ProjectPaths, "events" | "config" | "root" | "state">;
  /** The loaded configuration (its `notifications` section says where alerts go). */
  config: object;
  now: () => number;
  onError(error: unknown, context: string): void;
  /** Posts an alert (default: the notification plugin's webhooks, when configured). */
  notify?: (alert: AnalyticsAlert) => Promise<void>;
}

/** Raises and clears alerts; see the module doc. */
export class AlertCenter {
  readonly #o: AlertCenterOptions;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: AlertCenterOptions) {
    this.#o = options;
  }

  /**
   * Re-evaluates `agent`'s alerts: raises the new ones, clears those that
   * no longer hold; returns what changed.
   */
  evaluate(agent: string): { raised: AnalyticsAlert[]; cleared: string[] } {
    const { store } = this.#o;
    const now = this.#o.now();
    const current = agentAlerts(store, this.#o.settings, agent, now);
    // The agent's alerts and those of the provider it ran on (shared with the provider's other agents).
    const owners = new Set([agent, ...current.map((alert) => alert.agent)]);
    const provider = (store.db.prepare(
      "SELECT provider FROM outcomes WHERE agent = ? AND provider IS NOT NULL ORDER BY finished_at DESC LIMIT 1",
    ).get(agent) as { provider: string } | undefined)?.provider;
    if (provider) owners.add(providerOwner(provider));
    const open = new Set(
      (store.db.prepare(
        "SELECT key FROM alerts WHERE open = 1 AND agent IN (SELECT value FROM json_each(?))",
      ).all(JSON.stringify([...owners])) as { key: string }[]).map((r) => r.key),
    );
    const raised = current.filter((alert) => !open.has(alert.key));
    const keys = new Set(current.map((alert) => alert.key));
    const cleared = [...open].filter((key) => !keys.has(key));
    const upsert = store.db.prepare(
      `INSERT OR REPLACE INTO alerts (key, type, agent, level, message, evidence, open, raised_at, cleared_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, NULL)`,
    );
    for (const alert of raised) {
      upsert.run(
        alert.key,
        alert.type,
        alert.agent,
        alert.level,
        alert.message,
        JSON.stringify(alert.evidence),
        now,
      );
      this.#track(emitEvent(this.#o.paths, { type: "analytics.alert", agent, payload: alert }));
      this.#track(this.#notify(alert));
    }
    const clear = store.db.prepare("UPDATE alerts SET open = 0, cleared_at = ? WHERE key = ?");
    for (const key of cleared) {
      clear.run(now, key);
      this.#track(
        emitEvent(this.#o.paths, { type: "analytics.alert_cleared", agent, payload: { key } }),
      );
    }
    return { raised, cleared };
  }

  /** Waits for the events and notifications in flight. */
  async settle(): Promise<void> {
    await Promise.all([...this.#inFlight]);
  }

  async #notify(alert: AnalyticsAlert): Promise<void> {
    if (this.#o.notify) return await this.#o.notify(alert);
    const [{ notifyAll, webhookTargets }, { notificationsConfig }] = await Promise.all([
      import("../../notifications/notify.ts"),
      import("../../notifications/config.ts"),
    ]);
    const settings = notificationsConfig(this.#o.config);
    const targets = webhookTargets(settings, (name) => Deno.env.get(name));
    if (targets.length === 0) return;
    await notifyAll(
      targets,
      {
        title: `super-agents: ${alert.message}`,
        text: alert.evidence.join("\n"),
        status: "failure",
        fields: [{ name: "agent", value: alert.agent }, { name: "alert", value: alert.type }],
      },
      settings,
      { stateDir: this.#o.paths.state },
    );
  }

  #track(work: Promise<unknown>): void {
    const done = work.catch((error) => this.#o.onError(error, "analytics alert"))
      .finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
  }
}

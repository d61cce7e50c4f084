/**
 * The analytics plugin's KM mount: the charts page (`/analytics`, signed in
 * like the dashboard), its static assets (uPlot, pinned and embedded; the
 * page's script and style), the chart series and open alerts as JSON, and
 * `/metrics/analytics` in the Prometheus text format (open alerts, routing
 * decisions and outcomes of the last hour per agent and tier). The open
 * alerts and the SLO burn rates are also added to the KM's `/metrics`
 * (the manifest's `metrics: true`), which the Grafana dashboard reads, and
 * the open alerts to the dashboard's Alerts panel.
 * @module
 */

import type { KmMount, KmMountContext } from "../../km/mounts.ts";
import { type DashboardSession, dashboardSession } from "../../km/dashboard/session.ts";
import { PrometheusWriter } from "../../km/prometheus_text.ts";
import { PROMETHEUS_TYPE } from "../../km/metrics.ts";
import { parseDuration } from "../../../core/cli/flag_values.ts";
import { openAlerts } from "../alerts/alert_center.ts";
import { analyticsConfigOrOff } from "../config.ts";
import { BURN_WINDOWS, burnRate, objectivesOf } from "../slo/burn_rate.ts";
import { historyPath, openOutcomeStore, SUCCESS_SQL } from "../history/outcome_store.ts";
import { chartSeries } from "../report/time_series.ts";
import chartsCss from "./assets/charts.css" with { type: "text" };
import chartsHtml from "./assets/charts.html" with { type: "text" };
import chartsJs from "./assets/charts.js" with { type: "text" };
import { UPLOT_CSS, UPLOT_JS } from "./deps.ts";

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  // uPlot sizes its elements with inline styles.
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const ASSETS: Record<string, { body: string; type: string }> = {
  "/analytics/uplot.js": { body: UPLOT_JS, type: "text/javascript; charset=utf-8" },
  "/analytics/uplot.css": { body: UPLOT_CSS, type: "text/css; charset=utf-8" },
  "/analytics/charts.js": { body: chartsJs, type: "text/javascript; charset=utf-8" },
  "/analytics/charts.css": { body: chartsCss, type: "text/css; charset=utf-8" },
};

const DAY = 86_400_000;
const MAX_WINDOW = 366 * DAY;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/**
 * The mount (the manifest's `kmMounts` contract).
 *
 * @example
 * ```ts
 * const mount = await createMount(context);
 * await mount.handle(new Request("http://127.0.0.1:5001/analytics/series.json?since=7d"));
 * ```
 */
export function createMount(context: KmMountContext): Promise<KmMount> {
  const store = openOutcomeStore(historyPath(context.paths));
  const sessions = new Map<number, Promise<DashboardSession>>();
  const sessionFor = (port: number) => {
    let session = sessions.get(port);
    if (!session) sessions.set(port, session = dashboardSession(context.token, port));
    return session;
  };
  const now = () => context.ctx.now();

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return json(405, { error: { code: "METHOD_NOT_ALLOWED", message: "use GET" } });
    }
    const asset = ASSETS[url.pathname];
    if (asset) {
      return new Response(asset.body, {
        headers: { "content-type": asset.type, "cache-control": "no-cache" },
      });
    }
    const session = await sessionFor(Number(url.port || 80));
    if (!(await session.allows(request))) {
      if (url.pathname === "/analytics" || url.pathname === "/analytics/") {
        return new Response(null, { status: 303, headers: { location: "/" } }); // sign in there
      }
      return json(401, { error: { code: "UNAUTHORIZED", message: "sign in at / first" } });
    }
    if (url.pathname === "/analytics" || url.pathname === "/analytics/") {
      return new Response(chartsHtml, { headers: PAGE_HEADERS });
    }
    if (url.pathname === "/analytics/series.json") {
      const raw = url.searchParams.get("since") ?? "7d";
      const window = parseDuration(raw);
      if (window === undefined || window <= 0 || window > MAX_WINDOW) {
        return json(400, {
          error: {
            code: "BAD_SINCE",
            message: `since=${raw.slice(0, 40)} is not a window`,
            hint: "use e.g. 24h, 7d or 30d (at most 366d)",
          },
        });
      }
      const until = now();
      return json(200, chartSeries(store.db, { since: until - window, until }));
    }
    if (url.pathname === "/analytics/alerts.json") return json(200, { alerts: openAlerts(store) });
    if (url.pathname === "/metrics/analytics") {
      return new Response(metricsText(now()), { headers: { "content-type": PROMETHEUS_TYPE } });
    }
    return json(404, { error: { code: "NOT_FOUND", message: `no endpoint ${url.pathname}` } });
  }

  /** The open alerts and SLO burn rates (also on the KM's `/metrics`). */
  function alertFamilies(out: PrometheusWriter, at: number): void {
    out.family("super_agents_analytics_alert_open", "gauge", "1 per open analytics alert.");
    for (const alert of openAlerts(store)) {
      out.sample("super_agents_analytics_alert_open", {
        agent: alert.agent,
        type: alert.type,
        level: alert.level,
      }, 1);
    }
    out.family(
      "super_agents_analytics_slo_burn_rate",
      "gauge",
      "How fast each SLO's error budget burns over a window (1 = on budget; pages at 14.4 over 1h and 5m).",
    );
    const slos = analyticsConfigOrOff(context.config)?.slos ?? {};
    const longest = Math.max(...BURN_WINDOWS.map((window) => window.longMs));
    const samplesOf = store.db.prepare(
      `SELECT finished_at AS at, ${SUCCESS_SQL} AS ok, latency_ms, cost_usd FROM outcomes
       WHERE agent = ? AND finished_at >= ?`,
    );
    for (const [agent, slo] of Object.entries(slos)) {
      const samples = (samplesOf.all(agent, at - longest) as {
        at: number;
        ok: number;
        latency_ms: number;
        cost_usd: number;
      }[]).map((row) => ({
        at: row.at,
        ok: row.ok === 1,
        latencyMs: row.latency_ms,
        costUsd: row.cost_usd,
      }));
      for (const objective of objectivesOf(slo)) {
        for (const window of BURN_WINDOWS) {
          for (const [name, ms] of [[window.long, window.longMs], [window.short, window.shortMs]]) {
            out.sample("super_agents_analytics_slo_burn_rate", {
              agent,
              objective: objective.name,
              window: String(name),
            }, burnRate(samples, objective, at - Number(ms)));
          }
        }
      }
    }
  }

  function metricsText(at: number): string {
    const out = new PrometheusWriter();
    alertFamilies(out, at);
    out.family(
      "super_agents_analytics_decisions_last_hour",
      "gauge",
      "Routing decisions of the last hour by agent and chosen tier.",
    );
    for (
      const row of store.db.prepare(
        "SELECT agent, tier, count(*) AS n FROM decisions WHERE at >= ? GROUP BY agent, tier",
      ).all(at - 3_600_000) as { agent: string; tier: string; n: number }[]
    ) {
      out.sample(
        "super_agents_analytics_decisions_last_hour",
        { agent: row.agent, tier: row.tier },
        row.n,
      );
    }
    out.family(
      "super_agents_analytics_outcomes_last_hour",
      "gauge",
      "Finished jobs of the last hour by agent, starting tier and whether they succeeded.",
    );
    for (
      const row of store.db.prepare(
        `SELECT agent, coalesce(tier, 'unknown') AS tier, ${SUCCESS_SQL} AS ok, count(*) AS n
         FROM outcomes WHERE finished_at >= ? GROUP BY agent, tier, ok`,
      ).all(at - 3_600_000) as { agent: string; tier: string; ok: number; n: number }[]
    ) {
      out.sample("super_agents_analytics_outcomes_last_hour", {
        agent: row.agent,
        tier: row.tier,
        succeeded: row.ok ? "true" : "false",
      }, row.n);
    }
    return out.text();
  }

  return Promise.resolve({
    handle,
    metrics() {
      const out = new PrometheusWriter();
      alertFamilies(out, now());
      return out.text();
    },
    alerts: () =>
      openAlerts(store).map((alert) => ({
        level: alert.level,
        code: `ANALYTICS_${alert.type.toUpperCase()}`,
        message: `${alert.agent}: ${alert.message}`,
        hint: "`super-agents analytics --alerts` shows the evidence; charts at /analytics",
      })),
    close() {
      store.close();
      return Promise.resolve();
    },
  });
}

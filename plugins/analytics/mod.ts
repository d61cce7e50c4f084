/**
 * The `analytics` plugin's manifest: the outcome history (a job listener
 * that records every finished job), adaptive routing (the tier chooser the
 * router asks), `analytics`, `slo` and `alerts` reports, regression and
 * failure-trend alerts, SLO burn rates with Prometheus rules, and the
 * dashboard's charts (a KM mount). Settings: the `analytics` config section
 * (schema in `config.ts`). Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "analytics",
  version: "1.0.0",
  kind: "integration",
  summary: "outcome history, adaptive model routing, analytics, regression alerts and SLOs",
  permissions: {
    read: true,
    write: true,
    net: true,
    env: ["SUPER_AGENTS_SLACK_WEBHOOK", "SUPER_AGENTS_DISCORD_WEBHOOK"],
  },
  commands: [
    {
      name: "analytics",
      summary: "success rates, latency, cost and trends from the outcome history",
      module: new URL("./commands/analytics_command.ts", import.meta.url),
    },
    {
      name: "slo",
      summary: "service level objectives: status and Prometheus rules",
      module: new URL("./commands/slo_command.ts", import.meta.url),
    },
    {
      name: "knowledge",
      summary: "lessons kept from successful work: list and prune",
      module: new URL("./commands/knowledge_command.ts", import.meta.url),
    },
  ],
  jobListeners: [{
    name: "outcome-history",
    module: new URL("./history/job_listener.ts", import.meta.url),
  }],
  tierChoosers: [{
    name: "adaptive",
    module: new URL("./routing/tier_chooser.ts", import.meta.url),
  }],
  kmMounts: [{
    name: "analytics",
    paths: ["/analytics", "/analytics/", "/metrics/analytics"],
    module: new URL("./km/mount.ts", import.meta.url),
    metrics: true,
  }],
  doctorChecks: [{ id: "analytics", module: new URL("./doctor_check.ts", import.meta.url) }],
  config: { section: "analytics", module: new URL("./config.ts", import.meta.url) },
});

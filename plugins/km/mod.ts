/**
 * The `km` plugin's manifest: the project's knowledge manager — its server,
 * store and live dashboard, the supervised worker it starts — and the
 * commands that run and inspect it. `status` is light: it runs without
 * building the plugin host. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "km",
  version: "1.0.0",
  kind: "transport",
  summary: "the project's KM: server, store, dashboard and supervised worker",
  commands: [
    {
      name: "start",
      summary: "start the project's KM",
      module: new URL("./commands/start.ts", import.meta.url),
    },
    {
      name: "stop",
      summary: "stop the project's KM",
      module: new URL("./commands/stop.ts", import.meta.url),
    },
    {
      name: "restart",
      summary: "restart the KM",
      module: new URL("./commands/restart.ts", import.meta.url),
    },
    {
      name: "status",
      summary: "KM, queue and agent status",
      module: new URL("./commands/status.ts", import.meta.url),
      light: true,
    },
    {
      name: "logs",
      summary: "show the KM log",
      module: new URL("./commands/logs.ts", import.meta.url),
    },
    {
      name: "list",
      summary: "list projects and KMs",
      module: new URL("./commands/list.ts", import.meta.url),
    },
    {
      name: "service",
      summary: "KM service units",
      module: new URL("./commands/service.ts", import.meta.url),
    },
    {
      name: "dashboard",
      summary: "print or open the live dashboard URL",
      module: new URL("./commands/dashboard.ts", import.meta.url),
    },
    {
      name: "km",
      summary: "KM plumbing",
      module: new URL("./commands/km.ts", import.meta.url),
      hidden: true,
    },
  ],
  kmMounts: [{
    name: "dashboard",
    paths: ["/", "/dashboard/", "/events/stream"],
    module: new URL("./dashboard/mount.ts", import.meta.url),
  }],
});

/**
 * The `core-commands` plugin's manifest: the commands over the kernel's own
 * features — version, config, secrets, audit, clean, the event log, traces,
 * trigger files, tasks, the queue and the dead-letter queue. `version` is
 * light: it runs without building the plugin host. Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "core-commands",
  version: "1.0.0",
  kind: "integration",
  summary: "version, config, secrets, audit, clean, events, trace, triggers, task, queue, dlq",
  commands: [
    {
      name: "version",
      summary: "print the version",
      module: new URL("./version.ts", import.meta.url),
      light: true,
    },
    {
      name: "config",
      summary: "get, set, list and validate settings",
      module: new URL("./config.ts", import.meta.url),
    },
    {
      name: "secrets",
      summary: "store API keys and webhook secrets per user",
      module: new URL("./secrets.ts", import.meta.url),
    },
    {
      name: "audit",
      summary: "list and verify the audit log of sensitive operations",
      module: new URL("./audit.ts", import.meta.url),
    },
    {
      name: "clean",
      summary: "remove old agent workspaces",
      module: new URL("./clean.ts", import.meta.url),
    },
    {
      name: "events",
      summary: "emit, read, verify and repair the event log",
      module: new URL("./events.ts", import.meta.url),
    },
    {
      name: "trace",
      summary: "show the tree of events one request caused",
      module: new URL("./trace.ts", import.meta.url),
    },
    {
      name: "triggers",
      summary: "process trigger files",
      module: new URL("./triggers.ts", import.meta.url),
    },
    {
      name: "task",
      summary: "create, list, show, cancel and retry agent jobs",
      module: new URL("./task.ts", import.meta.url),
    },
    {
      name: "queue",
      summary: "queue statistics, pruning of finished jobs, migration",
      module: new URL("./queue.ts", import.meta.url),
    },
    {
      name: "dlq",
      summary: "list, retry and purge the dead-letter queue",
      module: new URL("./dlq.ts", import.meta.url),
    },
  ],
});

/**
 * The runtime's manifest: the commands of the agent layer (they run agents,
 * so they live outside the core). The runtime is not a plugin folder, but
 * its commands reach the command table the same way, listed in
 * `plugins/builtin.ts`. Data only.
 * @module
 */

import { definePlugin } from "../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "runtime",
  version: "1.0.0",
  kind: "agent",
  summary: "the agent runtime: agent definitions, runs, routing, cost and the worker pool",
  commands: [
    {
      name: "agents",
      summary: "list, show, validate and version the agent definitions",
      module: new URL("./commands/agents.ts", import.meta.url),
    },
    {
      name: "run",
      summary: "run an agent on a task now",
      module: new URL("./commands/run.ts", import.meta.url),
    },
    {
      name: "router",
      summary: "explain model routing",
      module: new URL("./commands/router.ts", import.meta.url),
    },
    {
      name: "cost",
      summary: "report tokens and cost",
      module: new URL("./commands/cost.ts", import.meta.url),
    },
    {
      name: "worker",
      summary: "run queued jobs in the sandboxed worker pool",
      module: new URL("./commands/worker.ts", import.meta.url),
    },
  ],
});

/**
 * Commands of the agent layer (they run agents, so they live outside the
 * core), listed lazily like the core's.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";

/** Every agent-layer command, in help order. */
export const agentCommands: CommandEntry[] = [
  {
    name: "agents",
    summary: "list, show, validate and version the agent definitions",
    load: () => import("./commands/agents.ts"),
  },
  { name: "run", summary: "run an agent on a task now", load: () => import("./commands/run.ts") },
  { name: "router", summary: "explain model routing", load: () => import("./commands/router.ts") },
  { name: "cost", summary: "report tokens and cost", load: () => import("./commands/cost.ts") },
  {
    name: "worker",
    summary: "run queued jobs in the sandboxed worker pool",
    load: () => import("./commands/worker.ts"),
  },
];

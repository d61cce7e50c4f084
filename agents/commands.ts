/**
 * Commands of the agent layer (they run agents, so they live outside the
 * core), listed lazily like the core's.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";
import { lazyCommand } from "../core/cli/lazy_command.ts";

/** Every agent-layer command, in help order. */
export const agentCommands: CommandEntry[] = [
  {
    name: "agents",
    summary: "list, show, validate and version the agent definitions",
    load: lazyCommand(new URL("./commands/agents.ts", import.meta.url)),
  },
  {
    name: "run",
    summary: "run an agent on a task now",
    load: lazyCommand(new URL("./commands/run.ts", import.meta.url)),
  },
  {
    name: "router",
    summary: "explain model routing",
    load: lazyCommand(new URL("./commands/router.ts", import.meta.url)),
  },
  {
    name: "cost",
    summary: "report tokens and cost",
    load: lazyCommand(new URL("./commands/cost.ts", import.meta.url)),
  },
  {
    name: "worker",
    summary: "run queued jobs in the sandboxed worker pool",
    load: lazyCommand(new URL("./commands/worker.ts", import.meta.url)),
  },
];

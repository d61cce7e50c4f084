/**
 * The table of core commands. Entries hold only a name, a summary and a lazy
 * loader, so listing commands or running one imports nothing else.
 * @module
 */

import type { CommandEntry } from "../cli/command.ts";

/** Every command the core provides, in help order. */
export const coreCommands: CommandEntry[] = [
  { name: "version", summary: "print the version", load: () => import("./version.ts") },
  { name: "init", summary: "set up .claude/ in this project", load: () => import("./init.ts") },
  { name: "upgrade", summary: "refresh templates, keep your edits", load: () => import("./upgrade.ts") },
  { name: "uninstall", summary: "remove what init created", load: () => import("./uninstall.ts") },
  { name: "config", summary: "get, set, list and validate settings", load: () => import("./config.ts") },
  { name: "demo", summary: "init a throw-away project and show it", load: () => import("./demo.ts") },
  { name: "start", summary: "start the project's KM", load: () => import("./start.ts") },
  { name: "stop", summary: "stop the project's KM", load: () => import("./stop.ts") },
  { name: "restart", summary: "restart the KM", load: () => import("./restart.ts") },
  { name: "status", summary: "KM, queue and agent status", load: () => import("./status.ts") },
  { name: "logs", summary: "show the KM log", load: () => import("./logs.ts") },
  { name: "list", summary: "list projects and KMs", load: () => import("./list.ts") },
  { name: "service", summary: "KM service units", load: () => import("./service.ts") },
  { name: "doctor", summary: "diagnose and suggest fixes", load: () => import("./doctor.ts") },
  { name: "km", summary: "KM plumbing", load: () => import("./km.ts"), hidden: true },
  { name: "events", summary: "emit, read, verify and repair the event log", load: () => import("./events.ts") },
  { name: "trace", summary: "show the tree of events one request caused", load: () => import("./trace.ts") },
  { name: "triggers", summary: "process trigger files", load: () => import("./triggers.ts") },
  { name: "task", summary: "create, list, show, cancel and retry agent jobs", load: () => import("./task.ts") },
  { name: "queue", summary: "task queue statistics", load: () => import("./queue.ts") },
  { name: "dlq", summary: "list, retry and purge the dead-letter queue", load: () => import("./dlq.ts") },
];

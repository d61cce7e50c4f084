/**
 * The table of core commands. Entries hold only a name, a summary and a lazy
 * loader, so listing commands or running one imports nothing else.
 * @module
 */

import type { CommandEntry } from "../../core/cli/command.ts";
import { lazyCommand } from "../../core/cli/lazy_command.ts";

/** Every command the core provides, in help order. */
export const coreCommands: CommandEntry[] = [
  {
    name: "version",
    summary: "print the version",
    load: lazyCommand(new URL("./version.ts", import.meta.url)),
    light: true,
  },
  {
    name: "init",
    summary: "set up .claude/ in this project",
    load: lazyCommand(new URL("../project/commands/init.ts", import.meta.url)),
  },
  {
    name: "upgrade",
    summary: "refresh templates, keep your edits",
    load: lazyCommand(new URL("../project/commands/upgrade.ts", import.meta.url)),
  },
  {
    name: "uninstall",
    summary: "remove what init created",
    load: lazyCommand(new URL("../project/commands/uninstall.ts", import.meta.url)),
  },
  {
    name: "config",
    summary: "get, set, list and validate settings",
    load: lazyCommand(new URL("./config.ts", import.meta.url)),
  },
  {
    name: "demo",
    summary: "init a throw-away project and show it",
    load: lazyCommand(new URL("../project/commands/demo.ts", import.meta.url)),
  },
  {
    name: "start",
    summary: "start the project's KM",
    load: lazyCommand(new URL("../km/commands/start.ts", import.meta.url)),
  },
  {
    name: "stop",
    summary: "stop the project's KM",
    load: lazyCommand(new URL("../km/commands/stop.ts", import.meta.url)),
  },
  {
    name: "restart",
    summary: "restart the KM",
    load: lazyCommand(new URL("../km/commands/restart.ts", import.meta.url)),
  },
  {
    name: "status",
    summary: "KM, queue and agent status",
    load: lazyCommand(new URL("../km/commands/status.ts", import.meta.url)),
    light: true,
  },
  {
    name: "logs",
    summary: "show the KM log",
    load: lazyCommand(new URL("../km/commands/logs.ts", import.meta.url)),
  },
  {
    name: "list",
    summary: "list projects and KMs",
    load: lazyCommand(new URL("../km/commands/list.ts", import.meta.url)),
  },
  {
    name: "service",
    summary: "KM service units",
    load: lazyCommand(new URL("../km/commands/service.ts", import.meta.url)),
  },
  {
    name: "doctor",
    summary: "diagnose and suggest fixes",
    load: lazyCommand(new URL("../doctor/commands/doctor.ts", import.meta.url)),
  },
  {
    name: "secrets",
    summary: "store API keys and webhook secrets per user",
    load: lazyCommand(new URL("./secrets.ts", import.meta.url)),
  },
  {
    name: "audit",
    summary: "list and verify the audit log of sensitive operations",
    load: lazyCommand(new URL("./audit.ts", import.meta.url)),
  },
  {
    name: "clean",
    summary: "remove old agent workspaces",
    load: lazyCommand(new URL("./clean.ts", import.meta.url)),
  },
  {
    name: "completions",
    summary: "print a shell completion script (bash, zsh, fish)",
    load: lazyCommand(new URL("../completions/commands/completions.ts", import.meta.url)),
  },
  {
    name: "km",
    summary: "KM plumbing",
    load: lazyCommand(new URL("../km/commands/km.ts", import.meta.url)),
    hidden: true,
  },
  {
    name: "events",
    summary: "emit, read, verify and repair the event log",
    load: lazyCommand(new URL("./events.ts", import.meta.url)),
  },
  {
    name: "trace",
    summary: "show the tree of events one request caused",
    load: lazyCommand(new URL("./trace.ts", import.meta.url)),
  },
  {
    name: "triggers",
    summary: "process trigger files",
    load: lazyCommand(new URL("./triggers.ts", import.meta.url)),
  },
  {
    name: "task",
    summary: "create, list, show, cancel and retry agent jobs",
    load: lazyCommand(new URL("./task.ts", import.meta.url)),
  },
  {
    name: "queue",
    summary: "queue statistics, pruning of finished jobs, migration",
    load: lazyCommand(new URL("./queue.ts", import.meta.url)),
  },
  {
    name: "dlq",
    summary: "list, retry and purge the dead-letter queue",
    load: lazyCommand(new URL("./dlq.ts", import.meta.url)),
  },
  {
    name: "dashboard",
    summary: "print or open the live dashboard URL",
    load: lazyCommand(new URL("../km/commands/dashboard.ts", import.meta.url)),
  },
  {
    name: "profile",
    summary: "run one task and show where the time went",
    load: lazyCommand(new URL("../profile/commands/profile.ts", import.meta.url)),
  },
];

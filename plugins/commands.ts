/**
 * Commands contributed by plugins, listed lazily like the core's.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";
import { lazyCommand } from "../core/cli/lazy_command.ts";

/** Every plugin command, in help order. */
export const pluginCommands: CommandEntry[] = [
  {
    name: "check",
    summary: "run the local checks (secrets, contracts, files, dependencies)",
    load: lazyCommand(new URL("./local_checks/check_command.ts", import.meta.url)),
  },
  {
    name: "hooks",
    summary: "install, remove or inspect the git hooks",
    load: lazyCommand(new URL("./git_hooks/hooks_command.ts", import.meta.url)),
  },
  {
    name: "hook",
    summary: "run one git hook (called by the installed hooks)",
    load: lazyCommand(new URL("./git_hooks/hook_command.ts", import.meta.url)),
    hidden: true,
  },
  {
    name: "ci",
    summary: "generate CI pipelines (GitHub Actions, GitLab, Jenkins, Azure)",
    load: lazyCommand(new URL("./ci/ci_command.ts", import.meta.url)),
  },
  {
    name: "batch",
    summary: "process the batch lane with the Message Batches API",
    load: lazyCommand(new URL("./anthropic_batch/command.ts", import.meta.url)),
  },
  {
    name: "mcp",
    summary: "serve the project (or one agent) over MCP; inspect and call tools",
    load: lazyCommand(new URL("./mcp/command.ts", import.meta.url)),
  },
];

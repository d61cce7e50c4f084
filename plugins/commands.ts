/**
 * Commands contributed by plugins, listed lazily like the core's.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";

/** Every plugin command, in help order. */
export const pluginCommands: CommandEntry[] = [
  { name: "check", summary: "run the local checks (secrets, contracts, files, dependencies)", load: () => import("./local_checks/check_command.ts") },
  { name: "hooks", summary: "install, remove or inspect the git hooks", load: () => import("./git_hooks/hooks_command.ts") },
  { name: "hook", summary: "run one git hook (called by the installed hooks)", load: () => import("./git_hooks/hook_command.ts"), hidden: true },
  { name: "ci", summary: "generate CI pipelines (GitHub Actions, GitLab, Jenkins, Azure)", load: () => import("./ci/ci_command.ts") },
  { name: "batch", summary: "process the batch lane with the Message Batches API", load: () => import("./anthropic_batch/command.ts") },
  { name: "mcp", summary: "serve the project (or one agent) over MCP; inspect and call tools", load: () => import("./mcp/command.ts") },
];

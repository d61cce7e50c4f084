/**
 * Commands of the agent layer (they run agents, so they live outside the
 * core), listed lazily like the core's.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";

/** Every agent-layer command, in help order. */
export const agentCommands: CommandEntry[] = [];

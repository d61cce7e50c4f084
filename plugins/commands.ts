/**
 * Commands contributed by plugins, listed lazily like the core's.
 * @module
 */

import type { CommandEntry } from "../core/cli/command.ts";

/** Every plugin command, in help order. */
export const pluginCommands: CommandEntry[] = [];

/**
 * The table of core commands. Entries hold only a name, a summary and a lazy
 * loader, so listing commands or running one imports nothing else.
 * @module
 */

import type { CommandEntry } from "../cli/command.ts";

/** Every command the core provides, in help order. */
export const coreCommands: CommandEntry[] = [
  { name: "version", summary: "print the version", load: () => import("./version.ts") },
];

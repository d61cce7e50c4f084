/**
 * The loader of a command-table entry: imports the command module only when
 * the command runs (see `core/lazy_import.ts` for why the specifier is a URL).
 * @module
 */

import { importModule } from "../lazy_import.ts";
import type { CommandEntry } from "./command.ts";

/**
 * A `load` function for a {@linkcode CommandEntry} that imports `url`.
 *
 * @example
 * ```ts
 * const entry: CommandEntry = {
 *   name: "init",
 *   summary: "set up .claude/ in this project",
 *   load: lazyCommand(new URL("./init.ts", import.meta.url)),
 * };
 * ```
 */
export function lazyCommand(url: URL): CommandEntry["load"] {
  return () => importModule(url);
}

/**
 * The line the demo ends with: the command to try super-agents in one's own
 * project. It must work when copied: with `super-agents` on PATH that is the
 * bare command; otherwise (the README's `bash scripts/start.sh` on a fresh
 * machine) it is the absolute command that runs this very super-agents, and
 * a note says how to put the short one on PATH.
 * @module
 */

import { dirname } from "node:path";
import { resolveOnPath } from "./launcher.ts";
import { shellWord } from "../../core/cli/shell_quote.ts";

/** What the demo suggests next. */
export interface NextStep {
  /** A shell command line to copy. */
  command: string;
  /** How to get the short command, when it is not on PATH. */
  note?: string;
}

/**
 * The next step after the demo, for a PATH value and this process's launcher.
 *
 * @example
 * ```ts
 * demoNextStep("/usr/bin", ["/opt/deno", "run", "-A", "/src/sa/main.ts"], "file:///src/sa/main.ts");
 * // { command: "cd <your repo> && /opt/deno run -A /src/sa/main.ts init", note: "… deno task install …" }
 * ```
 */
export function demoNextStep(path: string, launch: string[], mainModule: string): NextStep {
  if (resolveOnPath("super-agents", path)) {
    return { command: "cd <your repo> && super-agents init" };
  }
  const command = `cd <your repo> && ${launch.map(shellWord).join(" ")} init`;
  // A checkout run by Deno installs with its task; a compiled binary or a URL goes on PATH as is.
  const note = launch.length > 1 && mainModule.startsWith("file:")
    ? `super-agents is not on PATH yet; to type just \`super-agents\`, run ` +
      `\`cd ${shellWord(dirname(new URL(mainModule).pathname))} && deno task install\``
    : `super-agents is not on PATH yet; put ${shellWord(launch[0])} on PATH as super-agents`;
  return { command, note };
}

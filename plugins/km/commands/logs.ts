/**
 * `super-agents logs`: the last lines of `.claude/logs/km_server.log`, and
 * with `-f` everything written after them until interrupted.
 * @module
 */

import { booleanFlag, defineCommand, numberFlag } from "../../../core/cli/command.ts";
import { followFile, lastLines } from "../log_tail.ts";
import { kmStatePaths } from "../state.ts";
import { requireProject } from "../../../core/paths.ts";

/** The `logs` command. */
export const command = defineCommand({
  name: "logs",
  summary: "show the KM log",
  flags: {
    lines: { type: "integer", short: "n", min: 0, default: 50, description: "<n> lines to show" },
    follow: { type: "boolean", short: "f", description: "keep printing new lines" },
  },
  examples: ["super-agents logs", "super-agents logs -n 200", "super-agents logs -f"],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const count = numberFlag(args, "lines") ?? 50;
    const log = kmStatePaths(paths).log;
    const lines = await lastLines(log, count);
    if (lines === undefined && !booleanFlag(args, "follow")) {
      ctx.stderr.write(`no KM log yet (${log}); it appears after \`super-agents start\`\n`);
      return 0;
    }
    if (lines?.length) ctx.stdout.write(lines.join("\n") + "\n");
    if (!booleanFlag(args, "follow")) return 0;
    let from = 0;
    try {
      from = (await Deno.stat(log)).size;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // follow from the start
    }
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    Deno.addSignalListener("SIGINT", onInterrupt);
    try {
      await followFile(log, from, (text) => ctx.stdout.write(text), { signal: abort.signal });
    } finally {
      Deno.removeSignalListener("SIGINT", onInterrupt);
    }
  },
});

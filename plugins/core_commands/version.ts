/**
 * `super-agents version`: the version, also as JSON.
 * @module
 */

import { defineCommand } from "../../core/cli/command.ts";
import { VERSION } from "../../core/version.ts";

/** The `version` command. */
export const command = defineCommand({
  name: "version",
  summary: "print the version",
  examples: ["super-agents version", "super-agents version --json"],
  run(ctx) {
    ctx.stdout.write(ctx.json ? JSON.stringify({ version: VERSION }) + "\n" : `${VERSION}\n`);
  },
});

/**
 * `super-agents start`: starts this project's Knowledge Manager (or reports
 * the one already running) and prints its URL, port and pid.
 * @module
 */

import { defineCommand } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { requireProject } from "../paths.ts";
import { startKm } from "../km/lifecycle.ts";

/** The `start` command. */
export const command = defineCommand({
  name: "start",
  summary: "start this project's Knowledge Manager",
  description: "Allocates a port from km.portMin-km.portMax (the previous one when free), " +
    "launches the KM detached and returns as soon as /health answers. Output goes to " +
    ".claude/logs/km_server.log.",
  examples: ["super-agents start", "super-agents start --json"],
  async run(ctx) {
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const info = await startKm(ctx, paths, config);
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ root: paths.root, ...info }) + "\n");
    } else {
      const verb = info.alreadyRunning ? "already running" : "started";
      ctx.stdout.write(`KM ${verb}: ${info.url} (port ${info.port}, pid ${info.pid})\n`);
    }
  },
});

/**
 * `super-agents start`: starts this project's Knowledge Manager (or reports
 * the one already running) and prints its URL, port and pid.
 * @module
 */

import { defineCommand } from "../cli/command.ts";
import { progressMode, spinner } from "../cli/progress.ts";
import { loadConfigCached } from "../config/cached_load.ts";
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
    // Cached: when no config input changed, start skips zod (~40-60 ms of its ~100 ms).
    const { config } = await loadConfigCached(ctx, { projectConfigPath: paths.config });
    const spin = spinner(ctx.stderr, progressMode(ctx), "starting the Knowledge Manager");
    let info;
    try {
      info = await startKm(ctx, paths, config);
    } finally {
      spin.stop(); // the result (or the error with its hint) is printed below
    }
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ root: paths.root, ...info }) + "\n");
    } else {
      const verb = info.alreadyRunning ? "already running" : "started";
      ctx.stdout.write(`KM ${verb}: ${info.url} (port ${info.port}, pid ${info.pid})\n`);
    }
  },
});

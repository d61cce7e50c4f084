/**
 * `super-agents restart`: stop, then start, this project's Knowledge Manager
 * (it keeps its port when that port is still free).
 * @module
 */

import { defineCommand } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { requireProject } from "../paths.ts";
import { startKm, stopKm } from "../km/lifecycle.ts";

/** The `restart` command. */
export const command = defineCommand({
  name: "restart",
  summary: "restart this project's Knowledge Manager",
  examples: ["super-agents restart", "super-agents restart --json"],
  async run(ctx) {
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const stopped = await stopKm(paths, config);
    const info = await startKm(ctx, paths, config);
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({ root: paths.root, previousPid: stopped.pid, ...info }) + "\n",
      );
    } else {
      ctx.stdout.write(`KM restarted: ${info.url} (port ${info.port}, pid ${info.pid})\n`);
    }
  },
});

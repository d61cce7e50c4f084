/**
 * `super-agents stop`: stops this project's Knowledge Manager (SIGTERM, then
 * SIGKILL after km.stopTimeoutMs) and removes its state files.
 * @module
 */

import { defineCommand } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { requireProject } from "../paths.ts";
import { stopKm } from "../km/lifecycle.ts";

/** The `stop` command. */
export const command = defineCommand({
  name: "stop",
  summary: "stop this project's Knowledge Manager",
  examples: ["super-agents stop", "super-agents stop --json"],
  async run(ctx) {
    const paths = requireProject(ctx);
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const result = await stopKm(paths, config);
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ root: paths.root, ...result }) + "\n");
      return;
    }
    if (result.was === "stopped") ctx.stdout.write("KM was not running\n");
    else if (result.was === "running" || result.was === "unhealthy") {
      const how = result.killed ? "killed (did not exit on SIGTERM)" : "stopped";
      ctx.stdout.write(`KM ${how} (pid ${result.pid})\n`);
    } else ctx.stdout.write(`KM was ${result.was}; removed its state files\n`);
  },
});

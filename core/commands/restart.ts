/**
 * `super-agents restart`: stop, then start, this project's Knowledge Manager
 * (it keeps its port when that port is still free). Like `start`, it fails
 * when the new KM dies while starting, and a non-loopback address needs
 * `--allow-remote`.
 * @module
 */

import { defineCommand } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { requireProject } from "../paths.ts";
import { startBind, startKm, stopKm } from "../km/lifecycle.ts";
import { bindFlags, bindOptions } from "./start.ts";

/** The `restart` command. */
export const command = defineCommand({
  name: "restart",
  summary: "restart this project's Knowledge Manager",
  flags: bindFlags,
  examples: [
    "super-agents restart",
    "super-agents restart --json",
    "super-agents restart --host 0.0.0.0 --allow-remote",
  ],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    const { config, sources } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const options = bindOptions(ctx, args, paths.config, sources);
    // Refused before the running KM is stopped: a bad address must not cost the user their KM.
    startBind(ctx, config, options);
    const stopped = await stopKm(paths, config);
    const info = await startKm(ctx, paths, config, options);
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({ root: paths.root, previousPid: stopped.pid, ...info }) + "\n",
      );
    } else {
      ctx.stdout.write(`KM restarted: ${info.url} (port ${info.port}, pid ${info.pid})\n`);
    }
  },
});

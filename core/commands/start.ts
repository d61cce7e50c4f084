/**
 * `super-agents start`: starts this project's Knowledge Manager (or reports
 * the one already running) and prints its URL, port and pid. A non-loopback
 * address (`--host`, or km.host from any config) needs `--allow-remote` or
 * `SUPER_AGENTS_KM_ALLOW_REMOTE=1`: a committed config file cannot expose the
 * KM to the network on its own.
 * @module
 */

import { booleanFlag, type CommandArgs, defineCommand, stringFlag } from "../cli/command.ts";
import { progressMode, spinner } from "../cli/progress.ts";
import { loadConfigCached } from "../config/cached_load.ts";
import type { ConfigLayer } from "../config/load.ts";
import type { Context } from "../context.ts";
import { hostOrigin } from "../km/bind_policy.ts";
import { requireProject } from "../paths.ts";
import { startKm, type StartOptions } from "../km/lifecycle.ts";

/** The flags `start` and `restart` share. */
export const bindFlags = {
  host: { type: "string", description: "<addr> address to bind (default: km.host, 127.0.0.1)" },
  "allow-remote": {
    type: "boolean",
    description: "allow a non-loopback address; reads then need the token too " +
      "(or set SUPER_AGENTS_KM_ALLOW_REMOTE=1)",
  },
} as const;

/**
 * The bind options of `start`/`restart`: `--host` wins over km.host, and the
 * refusal of a non-loopback km.host names the file it came from.
 */
export function bindOptions(
  ctx: Context,
  args: CommandArgs,
  configPath: string,
  sources: Record<string, ConfigLayer>,
): StartOptions {
  const host = stringFlag(args, "host");
  return {
    host,
    hostOrigin: host === undefined
      ? hostOrigin(sources["km.host"], { project: configPath, dataHome: ctx.dataHome })
      : "--host",
    ...(booleanFlag(args, "allow-remote") ? { allowRemote: true } : {}),
  };
}

/** The `start` command. */
export const command = defineCommand({
  name: "start",
  summary: "start this project's Knowledge Manager",
  description: "Allocates a port from km.portMin-km.portMax (the previous one when free), " +
    "launches the KM detached and returns once it answers /health with its store open; a KM " +
    "that dies while starting fails the command with the cause from .claude/logs/km_server.log. " +
    "The KM binds 127.0.0.1; another address needs --allow-remote.",
  flags: bindFlags,
  examples: [
    "super-agents start",
    "super-agents start --json",
    "super-agents start --host 0.0.0.0 --allow-remote",
  ],
  async run(ctx, args) {
    const paths = requireProject(ctx);
    // Cached: when no config input changed, start skips zod (~40-60 ms of its ~100 ms).
    const { config, sources } = await loadConfigCached(ctx, { projectConfigPath: paths.config });
    const options = bindOptions(ctx, args, paths.config, sources);
    const spin = spinner(ctx.stderr, progressMode(ctx), "starting the Knowledge Manager");
    let info;
    try {
      info = await startKm(ctx, paths, config, options);
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

/**
 * `super-agents km serve` (hidden plumbing): runs the project's Knowledge
 * Manager in the foreground. `start` launches it detached; service units run
 * it under systemd or launchd.
 * @module
 */

import { resolve } from "node:path";
import { defineCommand, stringFlag } from "../cli/command.ts";
import { loadConfig } from "../config/load.ts";
import { UsageError } from "../errors.ts";
import { projectPaths, requireProject } from "../paths.ts";

const serve = defineCommand({
  name: "serve",
  summary: "run the project's KM server in the foreground",
  description: "Binds the given port (or allocates one from km.portMin-km.portMax), writes " +
    ".claude/state/km.*, and serves until SIGTERM or SIGINT.",
  flags: {
    project: { type: "string", description: "<dir> project root (default: the current project)" },
    port: { type: "string", description: "<port> port to bind (default: allocate)" },
  },
  examples: ["super-agents km serve", "super-agents km serve --project ~/code/app --port 5003"],
  async run(ctx, args) {
    const project = stringFlag(args, "project");
    const paths = project ? projectPaths(resolve(ctx.cwd, project)) : requireProject(ctx);
    const portText = stringFlag(args, "port");
    const port = portText === undefined ? undefined : Number(portText);
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new UsageError(`--port must be an integer in 1-65535, got "${portText}"`);
    }
    const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
    const { runKmServer } = await import("../km/server.ts");
    await runKmServer(ctx, { root: paths.root, config, port });
  },
});

/** The hidden `km` command. */
export const command = defineCommand({
  name: "km",
  summary: "Knowledge Manager plumbing (used by start and service units)",
  subcommands: { serve },
});

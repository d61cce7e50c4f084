/**
 * `super-agents km serve` (hidden plumbing): runs the project's Knowledge
 * Manager in the foreground. `start` launches it detached; service units run
 * it under systemd or launchd.
 * @module
 */

import { booleanFlag, defineCommand, numberFlag, stringFlag } from "../../../core/cli/command.ts";
import { SuperAgentsError, UsageError } from "../../../core/errors.ts";
import { allowRemoteFromEnv, checkKmBind, hostOrigin } from "../bind_policy.ts";
import { claimKm } from "../claim.ts";
import { resolve } from "../../../core/light_path.ts";
import {
  isProjectDir,
  type ProjectPaths,
  projectPaths,
  requireProject,
} from "../../../core/paths.ts";
import type { Context } from "../../../core/context.ts";

/**
 * The project `--project` names: it must already be one (a `.claude/`
 * directory), so a mistyped path is an error rather than a new, empty
 * project that a KM then serves.
 */
function namedProject(ctx: Pick<Context, "cwd" | "home">, project: string): ProjectPaths {
  const paths = projectPaths(resolve(ctx.cwd, project));
  if (!isProjectDir(paths.root, ctx.home)) {
    throw new SuperAgentsError(
      "NOT_A_PROJECT",
      `--project ${project}: ${paths.root} is not a super-agents project (no .claude/ directory)`,
      { hint: `check the path, or run \`super-agents init\` in ${paths.root} first` },
    );
  }
  return paths;
}

const serve = defineCommand({
  name: "serve",
  summary: "run the project's KM server in the foreground",
  description: "Binds the given port (or allocates one from km.portMin-km.portMax), writes " +
    ".claude/state/km.*, and serves until SIGTERM or SIGINT. With --port and --host it binds " +
    "before loading the configuration (what `start` does). A non-loopback address needs " +
    "--allow-remote (or SUPER_AGENTS_KM_ALLOW_REMOTE=1).",
  flags: {
    project: { type: "string", description: "<dir> project root (default: the current project)" },
    port: {
      type: "integer",
      min: 1,
      max: 65535,
      example: "5001",
      description: "<port> port to bind (default: allocate)",
    },
    host: { type: "string", description: "<addr> address to bind with --port (default: km.host)" },
    "allow-remote": {
      type: "boolean",
      description: "allow a non-loopback address (reads then need the token too)",
    },
  },
  examples: ["super-agents km serve", "super-agents km serve --project ~/code/app --port 5003"],
  async run(ctx, args) {
    const project = stringFlag(args, "project");
    const paths = project ? namedProject(ctx, project) : requireProject(ctx);
    const port = numberFlag(args, "port");
    const host = stringFlag(args, "host");
    if (host !== undefined && port === undefined) {
      throw new UsageError("--host needs --port", "e.g. --port 5001 --host 127.0.0.1");
    }
    const allowRemote = booleanFlag(args, "allow-remote") || allowRemoteFromEnv(ctx.env);
    // Bind first: `start` waits only for /health; zod, the config and the store load after.
    const claimed = port !== undefined && host !== undefined
      ? await claimKm(ctx, paths, host, port, {
        remote: checkKmBind(host, { allowRemote, origin: "--host" }).remote,
      })
      : undefined;
    // Cached: `start` has just loaded the same configuration, so the KM skips zod entirely.
    const { loadConfigCached } = await import("../../../core/config/cached_load.ts");
    const { runKmServer } = await import("../server.ts");
    let loaded;
    try {
      loaded = await loadConfigCached(ctx, { projectConfigPath: paths.config });
    } catch (error) {
      await claimed?.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    const { config, sources } = loaded;
    const remote = claimed ? claimed.remote : checkKmBind(config.km.host, {
      allowRemote,
      origin: hostOrigin(sources["km.host"], { project: paths.config, dataHome: ctx.dataHome }),
    }).remote;
    await runKmServer(ctx, { root: paths.root, config, port, claimed, remote });
  },
});

/** The hidden `km` command. */
export const command = defineCommand({
  name: "km",
  summary: "Knowledge Manager plumbing (used by start and service units)",
  subcommands: { serve },
  examples: ["super-agents km serve --project ~/code/app --port 5003"],
});

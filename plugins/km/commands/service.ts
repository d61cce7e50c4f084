/**
 * `super-agents service install|uninstall`: writes (or removes) a systemd
 * user unit or launchd agent that runs this project's KM, and prints the
 * command that enables (or disables) it. super-agents never runs systemctl
 * or launchctl itself.
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  stringFlag,
} from "../../../core/cli/command.ts";
import type { Context } from "../../../core/context.ts";
import { SuperAgentsError, UsageError } from "../../../core/errors.ts";
import { writeFileAtomic } from "../../../core/atomic_file.ts";
import { renderServiceUnit, type ServicePlatform, type ServiceUnit } from "../service_units.ts";
import { KM_PROCESS_ENV, kmServeArgv } from "../spawn.ts";
import { requireProject } from "../../../core/paths.ts";

const platformFlag = {
  platform: {
    type: "string" as const,
    description: "<linux|macos> unit flavour (default: this machine's)",
  },
};

function unitFor(ctx: Context, args: CommandArgs): ServiceUnit {
  const paths = requireProject(ctx);
  const given = stringFlag(args, "platform");
  const platform: ServicePlatform | undefined = given === undefined
    ? Deno.build.os === "darwin" ? "macos" : Deno.build.os === "linux" ? "linux" : undefined
    : given === "linux" || given === "macos"
    ? given
    : undefined;
  if (!platform) {
    if (given !== undefined) {
      throw new UsageError(
        `--platform must be linux or macos, got "${given}"`,
        "e.g. --platform linux",
      );
    }
    throw new SuperAgentsError(
      "SERVICE_UNSUPPORTED",
      `no service manager support on ${Deno.build.os}`,
      {
        hint: "run `super-agents start` instead (or pass --platform linux|macos with --print)",
      },
    );
  }
  const env: Record<string, string> = {};
  for (
    const name of [
      "PATH",
      "DENO_DIR",
      "SUPER_AGENTS_HOME",
      "SUPER_AGENTS_PORT_MIN",
      "SUPER_AGENTS_PORT_MAX",
    ]
  ) {
    const value = ctx.env(name);
    if (value) env[name] = value;
  }
  env.HOME = ctx.home;
  Object.assign(env, KM_PROCESS_ENV); // the memory settings `start` gives the KM
  return renderServiceUnit({
    platform,
    root: paths.root,
    home: ctx.home,
    argv: kmServeArgv(paths.root),
    env,
  });
}

const install = defineCommand({
  name: "install",
  summary: "write the unit file and print the command that enables it",
  flags: {
    ...platformFlag,
    print: { type: "boolean", description: "print the unit instead of writing it" },
  },
  examples: [
    "super-agents service install",
    "super-agents service install --print --platform macos",
  ],
  async run(ctx, args) {
    const unit = unitFor(ctx, args);
    if (booleanFlag(args, "print")) {
      ctx.stdout.write(ctx.json ? JSON.stringify(unit) + "\n" : unit.content);
      return;
    }
    await writeFileAtomic(unit.path, unit.content, { mode: 0o644 });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ installed: true, ...unit }) + "\n");
    else {
      ctx.stdout.write(
        `wrote ${unit.path}\nenable it with:\n${unit.enable.map((c) => `  ${c}`).join("\n")}\n`,
      );
      ctx.stdout.write("stop any KM started by `super-agents start` first (`super-agents stop`)\n");
    }
  },
});

const uninstall = defineCommand({
  name: "uninstall",
  summary: "remove the unit file (prints the command that disables it)",
  flags: {
    ...platformFlag,
    print: { type: "boolean", description: "only print what would be removed" },
  },
  examples: ["super-agents service uninstall"],
  async run(ctx, args) {
    const unit = unitFor(ctx, args);
    if (booleanFlag(args, "print")) {
      ctx.stdout.write(ctx.json ? JSON.stringify({ path: unit.path }) + "\n" : `${unit.path}\n`);
      return;
    }
    let removed = true;
    try {
      await Deno.remove(unit.path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      removed = false; // nothing installed: uninstall is already done
    }
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ removed, path: unit.path, disable: unit.disable }) + "\n");
    } else if (!removed) ctx.stdout.write(`no unit installed at ${unit.path}\n`);
    else {
      ctx.stdout.write(`removed ${unit.path}\ndisable the running service with:\n`);
      ctx.stdout.write(unit.disable.map((c) => `  ${c}`).join("\n") + "\n");
    }
  },
});

/** The `service` command. */
export const command = defineCommand({
  name: "service",
  summary: "KM service units",
  description: "Run the KM under systemd (Linux, user unit) or launchd (macOS).",
  subcommands: { install, uninstall },
  examples: ["super-agents service install", "super-agents service uninstall"],
});

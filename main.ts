#!/usr/bin/env -S deno run -A --no-prompt
/**
 * The `super-agents` command line, and the program's composition root:
 * parses global flags, installs the plugin host (built from the plugins'
 * manifests), takes the command table from it — every command, the
 * runtime's included, is a manifest's — dispatches to one command module,
 * and turns errors into a message, a hint and an exit code. A light command
 * (`status`, `version`) runs without building the host.
 * @module
 */

import { dispatch, extractGlobalFlags } from "./core/cli/dispatch.ts";
import { styles } from "./core/cli/style.ts";
import { createContext } from "./core/context.ts";
import { ExitCode, SuperAgentsError } from "./core/errors.ts";
import { findProjectRoot } from "./core/paths.ts";
import { VERSION } from "./core/version.ts";
import { installPluginHostLoader, loadPluginHost } from "./core/plugin_host/current.ts";
import type { PluginHost } from "./core/plugin_host/host.ts";
import { importModule } from "./core/lazy_import.ts";
import type { CommandEntry, CommandSpec } from "./core/cli/command.ts";
import { moduleUrl, type PluginManifest } from "./core/plugin_host/manifest.ts";
import coreCommandsManifest from "./plugins/core_commands/mod.ts";
import kmManifest from "./plugins/km/mod.ts";

/**
 * The built-in manifests that declare light commands, in `plugins/builtin.ts`
 * order. Only these are imported at start-up (importing every manifest would
 * cost start-up time); `tests/main_test.ts` fails when a built-in manifest's
 * light commands and this list drift apart.
 */
export const lightManifests: readonly PluginManifest[] = [kmManifest, coreCommandsManifest];

/**
 * The light commands (`status`, `version`): those the manifests above mark
 * `light`, run without building the plugin host. Name, summary and module
 * are read from the manifests.
 */
export const lightCommands: CommandEntry[] = lightManifests.flatMap((manifest) =>
  (manifest.commands ?? []).filter((c) => c.light).map((c) => ({
    name: c.name,
    summary: c.summary,
    load: () => importModule<{ command: CommandSpec }>(moduleUrl(c.module)),
    light: true,
  }))
);

/**
 * With no command inside a project, `super-agents` runs `launch` (set up,
 * start the KM, show status, open Claude Code); elsewhere it prints help.
 * `launch` is the claude-code plugin's command, so it is not light: the
 * plugin host is built for it like for any plugin command.
 */
function withDefaultCommand(rest: string[], help: boolean, cwd: string): string[] {
  if (help || !rest.every((arg) => arg.startsWith("-"))) return rest;
  if (findProjectRoot(cwd, Deno.env.get("HOME")) === undefined) return rest;
  return ["launch", ...rest];
}

/**
 * Builds the plugin host: the built-in manifests and the project's (and the
 * user's) third-party plugins, imported now, not at start-up. A plugin that
 * cannot be loaded is reported on stderr and skipped; the CLI still runs.
 */
async function loadHost(json: boolean): Promise<PluginHost> {
  const [builtin, external, report] = await Promise.all([
    importModule<typeof import("./plugins/builtin.ts")>(
      new URL("./plugins/builtin.ts", import.meta.url),
    ),
    importModule<typeof import("./core/plugin_host/external/load_external_plugins.ts")>(
      new URL("./core/plugin_host/external/load_external_plugins.ts", import.meta.url),
    ),
    importModule<typeof import("./core/plugin_host/external/report_problems.ts")>(
      new URL("./core/plugin_host/external/report_problems.ts", import.meta.url),
    ),
  ]);
  const ctx = createContext({ json });
  const reservedCommands = builtin.builtinPlugins
    .flatMap((p) => p.manifest.commands ?? [])
    .map((c) => c.name);
  const plugins = await external.loadExternalPlugins(ctx, { reservedCommands });
  const host = builtin.installBuiltinPlugins(plugins.records, plugins.builtFrom);
  report.reportPluginProblems(ctx, [...plugins.problems, ...host.problems]);
  return host;
}

/** Runs the CLI with `argv` and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { flags, rest } = extractGlobalFlags(argv);
  // The plugin host: the built-in manifests (data, nothing of a plugin loads here) plus the
  // project's third-party plugins, whose records are appended in `loadHost`; the command table
  // is its. A light command (`status`) runs without building it; anything it uses from a
  // plugin builds it then.
  installPluginHostLoader(() => loadHost(flags.json));
  const args = withDefaultCommand(rest, flags.help, Deno.cwd());
  const light = !flags.help && lightCommands.some((entry) => entry.name === args[0]);
  const host = light || (flags.version && rest.length === 0) ? undefined : await loadPluginHost();
  const commands = host?.commands() ?? lightCommands;
  const ctx = createContext({
    commands,
    json: flags.json,
    debug: flags.debug || Deno.env.get("SUPER_AGENTS_DEBUG") === "1",
    ...(flags.noColor ? { color: false } : {}),
  });
  if (flags.version && rest.length === 0) {
    ctx.stdout.write(ctx.json ? JSON.stringify({ version: VERSION }) + "\n" : `${VERSION}\n`);
    return ExitCode.ok;
  }
  try {
    return await dispatch(
      ctx,
      commands,
      args,
      flags,
      VERSION,
    );
  } catch (error) {
    const s = styles(ctx.color && ctx.stderr.isTerminal);
    if (error instanceof SuperAgentsError) {
      if (ctx.json) ctx.stderr.write(JSON.stringify({ error: error.toJSON() }) + "\n");
      else {
        ctx.stderr.write(`${s.red("error:")} ${error.message}\n`);
        if (error.hint) ctx.stderr.write(`${s.yellow("hint:")} ${error.hint}\n`);
      }
      if (ctx.debug && error.stack) ctx.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (ctx.json) {
      ctx.stderr.write(JSON.stringify({ error: { code: "INTERNAL", message } }) + "\n");
    } else {
      ctx.stderr.write(`${s.red("error:")} ${message}\n`);
      ctx.stderr.write(`${s.yellow("hint:")} rerun with --debug for details and report it\n`);
    }
    if (ctx.debug && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return ExitCode.failure;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}

/**
 * `super-agents config get|set|list|validate`: read the layered
 * configuration (defaults < global < project < environment < flags), change
 * the project or global file (validated first, written atomically), and
 * report every problem with its file and key.
 * @module
 */

import { type CommandArgs, defineCommand, type FlagSpec } from "../../core/cli/command.ts";
import { styles } from "../../core/cli/style.ts";
import { formatRows } from "../../core/cli/table.ts";
import type { Context } from "../../core/context.ts";
import { UsageError } from "../../core/errors.ts";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { recordAudit } from "../../core/audit/record_audit.ts";
import { coerce, getDotted, leafEntries, requireKey, setDotted } from "../../core/config/keys.ts";
import {
  globalConfigPath,
  inspectLayer,
  inspectLayers,
  loadConfig,
  type LoadConfigOptions,
  problemsError,
  resolveLayers,
  validateConfig,
} from "../../core/config/load.ts";
import { readConfigObject } from "../../core/config/config_object.ts";
import { prepareConfigSchema } from "../../core/config/sections.ts";
import { findProjectRoot, projectPaths, requireProject } from "../../core/paths.ts";

const overrideFlag: FlagSpec = {
  type: "string",
  multiple: true,
  description: "<key=value> override a key for this run (the flag layer); repeatable",
};

/** Parses `--override key=value` flags into the flag layer. */
export function overrides(args: CommandArgs): Record<string, unknown> | undefined {
  const given = args.values.override;
  const list = Array.isArray(given) ? given : typeof given === "string" ? [given] : [];
  if (list.length === 0) return undefined;
  const flat: Record<string, unknown> = {};
  for (const item of list) {
    const equals = item.indexOf("=");
    if (equals <= 0) {
      throw new UsageError(
        `--override "${item}" is not key=value`,
        "e.g. --override km.portMin=6001",
      );
    }
    const key = item.slice(0, equals);
    flat[key] = coerce(item.slice(equals + 1), key, `--override ${key}`);
  }
  return flat;
}

function layerOptions(ctx: Context, args: CommandArgs): LoadConfigOptions {
  const root = findProjectRoot(ctx.cwd, ctx.home);
  return {
    projectConfigPath: root ? projectPaths(root).config : undefined,
    flags: overrides(args),
  };
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

const get = defineCommand({
  name: "get",
  summary: "print one key's resolved value",
  positionals: [{ name: "key", description: "dotted key, e.g. km.portMin", required: true }],
  flags: { override: overrideFlag },
  examples: ["super-agents config get km.portMin", "super-agents config get km --json"],
  async run(ctx, args) {
    const key = args.positionals[0];
    await prepareConfigSchema(); // the plugins' sections are keys too
    requireKey(key);
    const { config, sources } = await loadConfig(ctx, layerOptions(ctx, args));
    const value = getDotted(config, key);
    const source = sources[key];
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ key, value, ...(source ? { source } : {}) }) + "\n");
    } else ctx.stdout.write(`${show(value)}\n`);
  },
});

const list = defineCommand({
  name: "list",
  summary: "every key with its value and the layer it came from",
  flags: { override: overrideFlag },
  examples: ["super-agents config list", "super-agents config list --json"],
  async run(ctx, args) {
    const { config, sources } = await loadConfig(ctx, layerOptions(ctx, args));
    const rows = [...leafEntries(config)].map(([key, value]) => ({
      key,
      value,
      source: sources[key] ?? "default",
    }));
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify(rows) + "\n");
      return;
    }
    const s = styles(ctx.color);
    ctx.stdout.write(formatRows(
      rows.map((row) => [row.key, `${show(row.value)}  ${s.dim(`(${row.source})`)}`]),
    ));
  },
});

const set = defineCommand({
  name: "set",
  summary: "set a key in the project config (or --global), validated first",
  positionals: [
    { name: "key", description: "dotted key, e.g. km.portMin", required: true },
    { name: "value", description: "new value (JSON for lists and maps)", required: true },
  ],
  flags: { global: { type: "boolean", description: "write ~/.super-agents/config.json instead" } },
  examples: [
    "super-agents config set km.portMin 6001",
    "super-agents config set log.level debug --global",
    'super-agents config set models.chain \'["sonnet","haiku"]\'',
  ],
  async run(ctx, args) {
    const [key, rawValue] = args.positionals;
    const global = args.values.global === true;
    await prepareConfigSchema(); // the plugins' sections are keys too
    const path = global ? globalConfigPath(ctx) : requireProject(ctx).config;
    const value = coerce(rawValue, key, key);
    const file = await readConfigObject(path);
    setDotted(file, key, value);
    const report = inspectLayer(file, path);
    if (report.problems.length) throw problemsError(report.problems);
    const root = findProjectRoot(ctx.cwd, ctx.home);
    const layers = await inspectLayers(ctx, {
      projectConfigPath: root ? projectPaths(root).config : undefined,
    });
    for (const layer of layers) {
      if (layer[0] === (global ? "global" : "project")) layer[1] = report;
    }
    const combined = resolveLayers(layers).problems;
    if (combined.length) throw problemsError(combined);
    await writeJsonAtomic(path, file);
    await recordAudit(ctx, { action: "config.set", target: key, details: { file: path } });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ key, value, file: path }) + "\n");
    else ctx.stdout.write(`${key} = ${show(value)}  (in ${path})\n`);
  },
});

const validate = defineCommand({
  name: "validate",
  summary: "check every layer and report each problem with its file and key",
  flags: { override: overrideFlag },
  examples: ["super-agents config validate", "super-agents config validate --json"],
  async run(ctx, args) {
    const problems = await validateConfig(ctx, layerOptions(ctx, args));
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ ok: problems.length === 0, problems }) + "\n");
      return problems.length ? 1 : 0;
    }
    if (problems.length === 0) {
      ctx.stdout.write("configuration is valid\n");
      return 0;
    }
    const s = styles(ctx.color);
    for (const problem of problems) {
      ctx.stdout.write(
        `${s.red("✗")} ${problem.origin}: key "${problem.key}": ${problem.message}\n`,
      );
      if (problem.hint) ctx.stdout.write(`  ${s.dim(`fix: ${problem.hint}`)}\n`);
    }
    ctx.stdout.write(`${problems.length} problem(s)\n`);
    return 1;
  },
});

const edit = defineCommand({
  name: "edit",
  summary: "edit the project config (or --global) in a terminal UI, validated as you type",
  description:
    "↑/↓ (or j/k) move, Enter edits a value, Esc cancels, s saves atomically, q quits.\n" +
    "Needs an interactive terminal; scripts use `config set`.",
  flags: { global: { type: "boolean", description: "edit ~/.super-agents/config.json instead" } },
  examples: ["super-agents config edit", "super-agents config edit --global"],
  run: async (ctx, args) => {
    await prepareConfigSchema(); // the plugins' sections are rows too
    return (await import("./tui/config_editor.ts")).editConfig(ctx, {
      global: args.values.global === true,
    });
  },
});

/** The `config` command. */
export const command = defineCommand({
  name: "config",
  summary: "read, change and validate the configuration",
  description: "Layers, lowest first: built-in defaults < ~/.super-agents/config.json < the\n" +
    "project's .claude/config.json < SUPER_AGENTS_* environment variables (e.g.\n" +
    "SUPER_AGENTS_PORT_MIN, SUPER_AGENTS_KM_PORT_MAX) < --override key=value.",
  subcommands: { get, set, list, validate, edit },
  examples: [
    "super-agents config list",
    "super-agents config get km.portMin",
    "super-agents config set km.portMax 5200",
    "super-agents config validate",
  ],
});

/**
 * `super-agents plugins list [--json]`: every plugin — the built-in ones
 * from the installed host, then the project's and the user's third-party
 * ones — with its kind, version, source, permissions and state: active,
 * needs acceptance (with the `plugins add` that reviews it) or broken (with
 * the reason). Third-party plugins are checked as at start-up, and a URL
 * plugin is fetched to compare its digest. A damaged plugins file is
 * listed as a problem, never an error.
 * @module
 */

import type { CommandArgs, CommandSpec } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { errorMessage } from "../../core/errors.ts";
import type { PluginProblem } from "../../core/plugin_host/host.ts";
import { maybePluginHost } from "../../core/plugin_host/current.ts";
import { readSealKey } from "../../core/plugin_host/external/acceptance_seal.ts";
import { checkPlugin, problemOf } from "../../core/plugin_host/external/check_plugin.ts";
import { summarizePermissions } from "../../core/plugin_host/external/describe_permissions.ts";
import type { PluginPermissions } from "../../core/plugin_host/external/plugin_permissions.ts";
import { readPluginsFile } from "../../core/plugin_host/external/plugins_file.ts";
import { applicableFiles } from "./scope.ts";

/** One row of the listing. */
export interface PluginRow {
  name: string;
  kind: string;
  version: string;
  summary: string;
  scope: "built-in" | "project" | "global";
  source: string;
  permissions: PluginPermissions;
  /** Whether the permissions bound the plugin's code (third-party) or only describe it (built-in). */
  enforced: boolean;
  commands: string[];
  /** Its executors (a third-party plugin's agents run on them). */
  executors: string[];
  state: "active" | "needs acceptance" | "broken";
  reason?: string;
  hint?: string;
}

function builtinRows(): PluginRow[] {
  const records = maybePluginHost()?.plugins.filter((r) => !r.external) ?? [];
  return records.map(({ manifest }) => ({
    name: manifest.name,
    kind: manifest.kind,
    version: manifest.version,
    summary: manifest.summary,
    scope: "built-in",
    source: "built-in",
    permissions: (manifest.permissions ?? {}) as PluginPermissions,
    enforced: false,
    commands: (manifest.commands ?? []).map((c) => c.name),
    executors: (manifest.executors ?? []).map((e) => e.name),
    state: "active",
  }));
}

async function thirdPartyRows(ctx: Context, problems: PluginProblem[]): Promise<PluginRow[]> {
  const rows: PluginRow[] = [];
  let key: CryptoKey | undefined;
  try {
    key = await readSealKey(ctx.dataHome);
  } catch (error) {
    problems.push({ plugin: "plugins key", message: errorMessage(error), hint: "see above" });
  }
  for (const file of applicableFiles(ctx)) {
    let read;
    try {
      read = await readPluginsFile(file.path, file.scope);
    } catch (error) {
      problems.push({
        plugin: "plugins file",
        message: errorMessage(error),
        hint: `fix or delete ${file.path}`,
      });
      continue;
    }
    problems.push(...read.problems);
    for (const entry of read.entries) {
      const state = await checkPlugin(entry, { key });
      const problem = problemOf(state, file.scope);
      const manifest = state.state === "active" ? state.manifest : entry.manifest;
      rows.push({
        name: entry.name,
        kind: manifest.kind,
        version: manifest.version,
        summary: manifest.summary,
        scope: file.scope,
        source: entry.specifier,
        permissions: entry.accepted,
        enforced: true,
        commands: (manifest.commands ?? []).map((c) => c.name),
        executors: (manifest.executors ?? []).map((e) => e.name),
        state: state.state,
        ...(problem ? { reason: problem.message, hint: problem.hint } : {}),
      });
    }
  }
  return rows;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd())
    .join("\n");
}

function text(rows: PluginRow[], problems: PluginProblem[]): string {
  const lines = [
    table([
      ["NAME", "KIND", "VERSION", "SCOPE", "STATE", "SOURCE"],
      ...rows.map((r) => [r.name, r.kind, r.version, r.scope, r.state, r.source]),
    ]),
  ];
  for (const row of rows.filter((r) => r.scope !== "built-in")) {
    lines.push("", `${row.name}: ${row.summary}`);
    lines.push(`  permissions: ${summarizePermissions(row.permissions)}`);
    if (row.commands.length) lines.push(`  commands: ${row.commands.join(", ")}`);
    if (row.executors.length) {
      lines.push(`  executors: ${row.executors.join(", ")} (its agents' providers)`);
    }
    if (row.reason) lines.push(`  ${row.reason}`, `  hint: ${row.hint}`);
  }
  for (const problem of problems) {
    lines.push("", `problem: ${problem.message}`, `  hint: ${problem.hint}`);
  }
  return lines.join("\n") + "\n";
}

async function run(ctx: Context, _args: CommandArgs): Promise<number> {
  const problems: PluginProblem[] = [];
  const rows = [...builtinRows(), ...await thirdPartyRows(ctx, problems)];
  if (ctx.json) ctx.stdout.write(JSON.stringify({ plugins: rows, problems }) + "\n");
  else ctx.stdout.write(text(rows, problems));
  return 0;
}

/** `plugins list`. */
export const listCommand: CommandSpec = {
  name: "list",
  summary: "list every plugin with its kind, version, source, permissions and state",
  examples: ["super-agents plugins list", "super-agents plugins list --json"],
  run,
};

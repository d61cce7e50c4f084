/**
 * The heavy half of start-up loading (zod, WebCrypto, workers), imported
 * only when a plugins file exists: reads the project's and the user's
 * plugins files, checks every entry (`check_plugin.ts`) and builds the host
 * records of the active ones; everything else — a damaged file, a foreign
 * seal, a widened or broken plugin, a command that now clashes with a
 * built-in one — becomes a problem. Nothing here throws for a plugin's sake.
 * @module
 */

import { errorMessage } from "../../errors.ts";
import type { PluginProblem, PluginRecord } from "../host.ts";
import { readSealKey } from "./acceptance_seal.ts";
import { checkPlugin, type PluginState, problemOf } from "./check_plugin.ts";
import { externalRecord } from "./external_record.ts";
import { type PluginScope, readPluginsFile } from "./plugins_file.ts";
import type { PluginPlace } from "./worker_permissions.ts";

/** Active records and the problems of everything else. */
export interface ExternalPlugins {
  records: PluginRecord[];
  problems: PluginProblem[];
}

/** What to load. */
export interface PluginsFilesInput {
  files: { path: string; scope: PluginScope }[];
  place: PluginPlace;
  dataHome: string;
  /** Command names plugins may not take (the built-in ones). */
  reservedCommands: readonly string[];
  deadlineMs?: number;
}

function withoutReserved(
  state: Extract<PluginState, { state: "active" }>,
  reserved: readonly string[],
  problems: PluginProblem[],
) {
  const commands = state.manifest.commands ?? [];
  const clashing = commands.filter((c) => reserved.includes(c.name));
  if (clashing.length === 0) return state;
  for (const c of clashing) {
    problems.push({
      plugin: state.entry.name,
      message: `plugin "${state.entry.name}": its command ${c.name} is a built-in command; skipped`,
      hint:
        `ask its author to rename it, or remove it: \`super-agents plugins remove ${state.entry.name}\``,
    });
  }
  const kept = commands.filter((c) => !reserved.includes(c.name));
  return { ...state, manifest: { ...state.manifest, commands: kept } };
}

/**
 * The records and problems of the plugins files in `input`.
 *
 * @example
 * ```ts
 * const { records, problems } = await loadPluginsFiles({ files, place, dataHome, reservedCommands });
 * ```
 */
export async function loadPluginsFiles(input: PluginsFilesInput): Promise<ExternalPlugins> {
  const records: PluginRecord[] = [];
  const problems: PluginProblem[] = [];
  let key: CryptoKey | undefined;
  try {
    key = await readSealKey(input.dataHome);
  } catch (error) {
    problems.push({
      plugin: "plugins key",
      message: `${errorMessage(error)}; third-party plugins were skipped`,
      hint: (error as { hint?: string }).hint ?? "fix or delete the plugins key",
    });
    return { records, problems };
  }
  for (const { path, scope } of input.files) {
    let file;
    try {
      file = await readPluginsFile(path, scope);
    } catch (error) {
      problems.push({
        plugin: "plugins file",
        message: `${errorMessage(error)}; its plugins were skipped`,
        hint: `fix or delete ${path}`,
      });
      continue;
    }
    problems.push(...file.problems);
    const states = await Promise.all(
      file.entries.map((entry) => checkPlugin(entry, { key, deadlineMs: input.deadlineMs })),
    );
    for (const state of states) {
      const problem = problemOf(state, scope);
      if (problem) problems.push(problem);
      if (state.state !== "active") continue;
      const kept = withoutReserved(state, input.reservedCommands, problems);
      records.push(externalRecord(kept, input.place));
    }
  }
  return { records, problems };
}

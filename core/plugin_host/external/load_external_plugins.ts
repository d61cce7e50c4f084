/**
 * Start-up loading of third-party plugins, for the composition root: the
 * records of the plugins added to this project (`.claude/plugins.json`) and
 * for this user (`plugins.json` in the data home), project first, and the
 * problems of those that cannot be activated. When neither file exists this
 * costs two `stat`s: zod, WebCrypto and the checks load only when one does
 * (`load_plugins_files.ts`). Never throws for a plugin's sake: a damaged
 * file or a broken plugin is a problem to print, and every command works.
 * @module
 */

import type { Context } from "../../context.ts";
import { join } from "../../light_path.ts"; // not node:path: see light_path.ts
import { importModule } from "../../lazy_import.ts";
import { findProjectRoot } from "../../paths.ts";
import type { ExternalPlugins as PluginsRead } from "./load_plugins_files.ts";
import type { PluginsFilesStamp } from "../host.ts";
import { filesStamp } from "./host_refresh.ts";

/** The third-party plugins read, and the plugins files they were read from. */
export interface ExternalPlugins extends PluginsRead {
  builtFrom: PluginsFilesStamp;
}

/** Options of {@linkcode loadExternalPlugins}. */
export interface LoadExternalPluginsOptions {
  /** Command names plugins may not take (the built-in ones); a clashing command is skipped. */
  reservedCommands?: readonly string[];
  /** How long reading a changed plugin's manifest may take (default 10 s). */
  deadlineMs?: number;
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    return true; // there but unreadable: the loader reports it with the path
  }
}

/**
 * The third-party plugins of the project around `ctx.cwd` and of the user.
 *
 * @example
 * ```ts
 * const external = await loadExternalPlugins(ctx, { reservedCommands: builtinNames });
 * const host = new PluginHost([...builtinPlugins, ...external.records], external.problems);
 * ```
 */
export async function loadExternalPlugins(
  ctx: Pick<Context, "cwd" | "home" | "dataHome">,
  options: LoadExternalPluginsOptions = {},
): Promise<ExternalPlugins> {
  const root = findProjectRoot(ctx.cwd, ctx.home);
  const candidates = [
    ...(root ? [{ path: join(root, ".claude", "plugins.json"), scope: "project" as const }] : []),
    { path: join(ctx.dataHome, "plugins.json"), scope: "global" as const },
  ];
  // Stamped before they are read: a change made while reading is seen by the next refresh.
  const paths = candidates.map((file) => file.path);
  const builtFrom = { files: paths, stamp: filesStamp(paths) };
  const files = candidates.filter((file) => exists(file.path));
  if (files.length === 0) return { records: [], problems: [], builtFrom };
  const { loadPluginsFiles } = await importModule<typeof import("./load_plugins_files.ts")>(
    new URL("./load_plugins_files.ts", import.meta.url),
  );
  const read = await loadPluginsFiles({
    files,
    place: { root: root ?? ctx.cwd, dataHome: ctx.dataHome },
    dataHome: ctx.dataHome,
    reservedCommands: options.reservedCommands ?? [],
    deadlineMs: options.deadlineMs,
  });
  return { ...read, builtFrom };
}

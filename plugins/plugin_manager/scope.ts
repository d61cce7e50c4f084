/**
 * Which plugins file a `plugins` subcommand works on: the project's
 * (`.claude/plugins.json`, the default, inside a project) or the user's
 * (`plugins.json` in the data home, with `--global`).
 * @module
 */

import { booleanFlag, type CommandArgs } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { findProjectRoot, requireProject } from "../../core/paths.ts";
import {
  globalPluginsFile,
  type PluginScope,
  projectPluginsFile,
} from "../../core/plugin_host/external/plugins_file.ts";

/** A plugins file and its scope. */
export interface ScopedFile {
  path: string;
  scope: PluginScope;
}

/**
 * The file `--global` (or its absence) names; outside a project without
 * `--global` a clear error.
 *
 * @example
 * ```ts
 * chosenFile(ctx, args); // { path: "/work/p/.claude/plugins.json", scope: "project" }
 * ```
 */
export function chosenFile(ctx: Context, args: CommandArgs): ScopedFile {
  if (booleanFlag(args, "global")) {
    return { path: globalPluginsFile(ctx.dataHome), scope: "global" };
  }
  return { path: projectPluginsFile(requireProject(ctx).root), scope: "project" };
}

/** Every plugins file that applies here: the project's (inside one), then the user's. */
export function applicableFiles(ctx: Context): ScopedFile[] {
  const root = findProjectRoot(ctx.cwd, ctx.home);
  return [
    ...(root ? [{ path: projectPluginsFile(root), scope: "project" as const }] : []),
    { path: globalPluginsFile(ctx.dataHome), scope: "global" as const },
  ];
}

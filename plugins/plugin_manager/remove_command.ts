/**
 * `super-agents plugins remove <name> [--global]`: takes the plugin out of
 * the project's (or the user's) plugins file, atomically under its lock.
 * It works on a file with damaged entries too, so a broken plugin can
 * always be removed. A URL plugin's copy in the data home is retired (a
 * running worker may still use it) and deleted a day later
 * (`retired_copies.ts`); a local plugin's own files are left alone.
 * @module
 */

import type { CommandArgs, CommandSpec } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { entryNameOf, updatePluginsFile } from "../../core/plugin_host/external/plugins_file.ts";
import { chosenFile } from "./scope.ts";
import { pruneRetired, retireCopy, sealedCopyOf } from "./retired_copies.ts";

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const [name] = args.positionals;
  const file = chosenFile(ctx, args);
  const removed = await updatePluginsFile(file.path, (entries) => {
    const kept = entries.filter((e) => entryNameOf(e) !== name);
    return { entries: kept, result: entries.filter((e) => entryNameOf(e) === name) };
  });
  for (const entry of removed) {
    await retireCopy(await sealedCopyOf(entry, ctx.dataHome), ctx.dataHome, ctx.now());
  }
  await pruneRetired(ctx.dataHome, ctx.now());
  if (removed.length === 0) {
    const other = file.scope === "global" ? "" : " (or --global for the user's plugins)";
    throw new SuperAgentsError(
      "PLUGIN_NOT_ADDED",
      `no plugin named ${name} in ${file.path}`,
      { hint: `see \`super-agents plugins list\`${other}`, exitCode: 1 },
    );
  }
  if (ctx.json) ctx.stdout.write(JSON.stringify({ removed: name, scope: file.scope }) + "\n");
  else ctx.stdout.write(`removed ${name} (${file.scope}, ${file.path})\n`);
  return 0;
}

/** `plugins remove`. */
export const removeCommand: CommandSpec = {
  name: "remove",
  summary: "remove an added plugin",
  positionals: [{ name: "name", description: "the plugin's name", required: true }],
  flags: {
    global: { type: "boolean", description: "remove it from the user's plugins file" },
  },
  examples: ["super-agents plugins remove hello", "super-agents plugins remove lint --global"],
  run,
};

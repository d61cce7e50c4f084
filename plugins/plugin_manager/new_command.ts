/**
 * `super-agents plugins new <name> [--dir D]`: scaffolds a working plugin
 * (`scaffold_files.ts`) in `D` (default `./<name>`), which must be new or
 * empty. The name must be a valid plugin name that no built-in command
 * takes, so the scaffold can be added as it is.
 * @module
 */

import { join, resolve } from "node:path";
import { type CommandArgs, type CommandSpec, stringFlag } from "../../core/cli/command.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import { PluginNameSchema } from "../../core/plugin_host/external/manifest_data.ts";
import { builtinNames } from "./builtin_names.ts";
import { scaffoldFiles, sdkUrls } from "./scaffold_files.ts";

async function checkEmpty(dir: string): Promise<void> {
  try {
    for await (const _ of Deno.readDir(dir)) {
      throw new SuperAgentsError("PLUGIN_DIR_NOT_EMPTY", `${dir} is not empty`, {
        hint: "choose a new or empty folder with --dir",
        exitCode: 2,
      });
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    if (error instanceof Deno.errors.NotADirectory) {
      throw new UsageError(`${dir} is a file`, "choose a new or empty folder with --dir");
    }
    throw error;
  }
}

async function run(ctx: Context, args: CommandArgs): Promise<number> {
  const [name] = args.positionals;
  const valid = PluginNameSchema.safeParse(name);
  if (!valid.success) {
    throw new UsageError(
      `"${name}" is not a plugin name: ${valid.error.issues[0].message}`,
      "e.g. super-agents plugins new hello",
    );
  }
  if (builtinNames(ctx).commands.has(name)) {
    throw new UsageError(`${name} is a built-in command`, "choose a name no command has");
  }
  const dir = resolve(ctx.cwd, stringFlag(args, "dir") ?? name);
  await checkEmpty(dir);
  await Deno.mkdir(dir, { recursive: true });
  const files = scaffoldFiles(name, sdkUrls());
  for (const [file, text] of Object.entries(files)) {
    await Deno.writeTextFile(join(dir, file), text, { createNew: true });
  }
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify({ created: dir, files: Object.keys(files) }) + "\n");
  } else {
    ctx.stdout.write(
      `created the plugin ${name} in ${dir}\n` +
        `  test it:  deno test -A ${dir}\n` +
        `  add it:   super-agents plugins add ${dir}\n` +
        `  run it:   super-agents ${name}\n`,
    );
  }
  return 0;
}

/** `plugins new`. */
export const newCommand: CommandSpec = {
  name: "new",
  summary: "scaffold a plugin with one command, its test and a README",
  positionals: [{
    name: "name",
    description: "the plugin's (and its command's) name",
    required: true,
  }],
  flags: {
    dir: { type: "string", description: "<folder> where to create it (default: ./<name>)" },
  },
  examples: [
    "super-agents plugins new hello",
    "super-agents plugins new hello --dir ~/plugins/hello",
  ],
  run,
};

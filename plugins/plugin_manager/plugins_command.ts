/**
 * `super-agents plugins add|list|remove|new`: the user's side of
 * third-party plugins. Each subcommand is its own module.
 * @module
 */

import { defineCommand } from "../../core/cli/command.ts";
import { addCommand } from "./add_command.ts";
import { listCommand } from "./list_command.ts";
import { newCommand } from "./new_command.ts";
import { removeCommand } from "./remove_command.ts";

/** The `plugins` command. */
export const command = defineCommand({
  name: "plugins",
  summary: "add, list, remove or scaffold third-party plugins",
  description: "A third-party plugin's code runs in a worker with only the permissions you " +
    "accepted when you added it; a plugin whose code changes to ask for more is not loaded " +
    "until you add it again.",
  examples: [
    "super-agents plugins new hello --dir ./hello",
    "super-agents plugins add ./hello",
    "super-agents plugins add https://example.com/plugins/hello/mod.ts --global",
    "super-agents plugins list --json",
    "super-agents plugins remove hello",
  ],
  subcommands: {
    add: addCommand,
    list: listCommand,
    remove: removeCommand,
    new: newCommand,
  },
});

/**
 * `super-agents completions bash|zsh|fish`: prints a completion script
 * generated from the command tables (every command module is loaded here,
 * and only here, to read its subcommands and flags).
 * @module
 */

import { bashScript } from "../bash.ts";
import { fishScript } from "../fish.ts";
import { type CompletionTable, completionTable } from "../model.ts";
import { zshScript } from "../zsh.ts";
import { defineCommand } from "../../../core/cli/command.ts";
import { ConfigSchema } from "../../../core/config/schema.ts";
import { knownKeys } from "../../../core/config/schema_walk.ts";
import { SuperAgentsError, UsageError } from "../../../core/errors.ts";

/** The shells a script can be generated for, and how to load each. */
export const SHELLS: Record<string, { render: (t: CompletionTable) => string; load: string }> = {
  bash: {
    render: bashScript,
    load: "source <(super-agents completions bash)   # add to ~/.bashrc",
  },
  zsh: {
    render: zshScript,
    load: "source <(super-agents completions zsh)    # add to ~/.zshrc, after compinit",
  },
  fish: {
    render: fishScript,
    load: "super-agents completions fish > ~/.config/fish/completions/super-agents.fish",
  },
};

/** The `completions` command. */
export const command = defineCommand({
  name: "completions",
  summary: "print a shell completion script (bash, zsh or fish)",
  description: "Completes commands, subcommands, flags, config keys and flag values; agent\n" +
    "names are read from `super-agents agents list` when you press Tab.\n" +
    Object.values(SHELLS).map((shell) => `  ${shell.load}`).join("\n"),
  positionals: [{ name: "shell", description: "<bash|zsh|fish> the shell", required: true }],
  examples: [
    "super-agents completions bash > ~/.local/share/bash-completion/completions/super-agents",
    "source <(super-agents completions zsh)",
    "super-agents completions fish > ~/.config/fish/completions/super-agents.fish",
  ],
  async run(ctx, args) {
    const shell = args.positionals[0];
    const target = SHELLS[shell];
    if (!target) {
      throw new UsageError(
        `no completions for shell "${shell}"`,
        `choose one of: ${Object.keys(SHELLS).join(", ")}`,
      );
    }
    if (!ctx.commands) {
      throw new SuperAgentsError("NO_COMMAND_TABLE", "the command table was not provided", {
        hint: "run completions through the `super-agents` program (main.ts), not on its own",
      });
    }
    const script = target.render(await completionTable(ctx.commands, knownKeys(ConfigSchema)));
    if (ctx.json) ctx.stdout.write(JSON.stringify({ shell, script }) + "\n");
    else ctx.stdout.write(script);
  },
});

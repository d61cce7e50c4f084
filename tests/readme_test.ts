/**
 * The README stays true about the command line: every `super-agents ...`
 * command line it shows names a real command, a real subcommand and flags
 * that command accepts. (The tutorial test runs its commands for real.)
 * @module
 */

import assert from "node:assert/strict";
import type { CommandSpec } from "../core/cli/command.ts";
import { builtinPlugins } from "../plugins/builtin.ts";
import { PluginHost } from "../core/plugin_host/host.ts";

const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
const allCommands = new PluginHost([...builtinPlugins]).commands();
const commandNames = new Set(allCommands.map((entry) => entry.name));
const globalFlags = new Set(["--json", "--debug", "--no-color", "--help", "-h", "--version", "-V"]);

/**
 * Every `super-agents ...` command line: code spans that start with it, and
 * lines of `sh` blocks that do. Quoted arguments are dropped (they are data).
 */
function invocations(text: string): string[] {
  const spans = [...text.matchAll(/`(super-agents(?: [^`\n]*)?)`/g)].map((m) => m[1]);
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1].split("\n"))
    .filter((line) => line.startsWith("super-agents"));
  // Table cells abbreviate follow-up examples: `dlq retry --all` after `super-agents dlq list`.
  const cells = text.split("\n").filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|").slice(2).join("|").matchAll(/`([a-z][^`]*)`/g)])
    .map((m) => m[1])
    .filter((span) => !span.startsWith("super-agents") && commandNames.has(span.split(" ")[0]))
    .map((span) => `super-agents ${span}`);
  return [...spans, ...blocks, ...cells].flatMap((piece) =>
    piece.split(/ · |&&/).map((part) =>
      part.trim()
        .replace(/#.*$/, "")
        .replace(/'[^']*'|"[^"]*"/g, "")
        .replace(/[|>].*$/, "")
        .replace(/^super-agents\s*/, "")
        .trim()
    )
  );
}

function tokens(line: string): string[] {
  return line.split(/\s+/).filter(Boolean);
}

async function specOf(name: string): Promise<CommandSpec | undefined> {
  const entry = allCommands.find((e) => e.name === name);
  return entry ? (await entry.load()).command : undefined;
}

Deno.test("every command line in the README names real commands, subcommands and flags", async () => {
  const problems: string[] = [];
  const lines = invocations(readme);
  assert.ok(lines.length > 40, `found only ${lines.length} command lines`);
  for (const line of lines) {
    const words = tokens(line);
    if (words.length === 0 || words[0].startsWith("-")) {
      for (const word of words) {
        if (word.startsWith("-") && !globalFlags.has(word) && word !== "--no-launch") {
          problems.push(`${line}: unknown option ${word}`);
        }
      }
      continue;
    }
    if (!/^[a-z]/.test(words[0])) continue; // prose such as `super-agents`'s
    let spec = await specOf(words[0]);
    if (!spec) {
      problems.push(`${line}: no command "${words[0]}"`);
      continue;
    }
    let rest = words.slice(1);
    let missing = false;
    // Subcommands nest (`mcp token create`): descend while the next word names one.
    while (spec.subcommands && rest[0] && !rest[0].startsWith("-") && !rest[0].startsWith("<")) {
      const sub: CommandSpec | undefined = spec.subcommands[rest[0]];
      if (!sub) {
        problems.push(`${line}: no subcommand "${words[0]} ${rest[0]}"`);
        missing = true;
        break;
      }
      spec = sub;
      rest = rest.slice(1);
    }
    if (missing) continue;
    const flags = spec.flags ?? {};
    for (const word of rest) {
      if (word === "--") break; // what follows goes to another program (`claude -- -p …`)
      if (!word.startsWith("-") || globalFlags.has(word)) continue;
      const name = word.replace(/^--?/, "").split("=")[0];
      const known = word.startsWith("--")
        ? name in flags
        : Object.values(flags).some((flag) => flag.short === name);
      if (!known) problems.push(`${line}: "${words[0]}" has no option ${word}`);
    }
  }
  assert.deepEqual(problems, []);
});

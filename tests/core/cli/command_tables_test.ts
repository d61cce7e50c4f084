/**
 * The command table (the built-in manifests' commands through the plugin
 * host, the runtime's included, and the light commands `main.ts` runs
 * without the host) loads their modules through URLs the
 * module graph cannot see (`core/cli/lazy_command.ts`), so a typo in a path
 * would only show when a user runs that command. These tests load every
 * entry, and check that start-up stays lazy: `main.ts` reaches no npm
 * package and no dynamic import statically.
 * @module
 */

import { deepStrictEqual, equal, ok } from "node:assert/strict";
import type { CommandEntry } from "../../../core/cli/command.ts";
import { lazyCommand } from "../../../core/cli/lazy_command.ts";
import { PluginHost } from "../../../core/plugin_host/host.ts";
import { builtinPlugins } from "../../../plugins/builtin.ts";
import { lightCommands } from "../../../main.ts";

const tables: [string, CommandEntry[]][] = [
  ["the built-in plugins' manifests", new PluginHost([...builtinPlugins]).commands()],
  ["main.ts (light commands)", lightCommands],
];

Deno.test("every command-table entry loads a module whose command has the entry's name", async () => {
  for (const [table, entries] of tables) {
    for (const entry of entries) {
      const module = await entry.load();
      ok(module.command, `${table}: ${entry.name} exports no \`command\``);
      equal(module.command.name, entry.name, `${table}: ${entry.name} loads another command`);
    }
  }
});

Deno.test("command names are unique in the table", () => {
  const names = tables[0][1].map((entry) => entry.name);
  deepStrictEqual(names.filter((name, i) => names.indexOf(name) !== i), []);
});

Deno.test("a loader for a missing module fails when called", async () => {
  const load = lazyCommand(new URL("./no_such_command.ts", import.meta.url));
  let failure: unknown;
  try {
    await load();
  } catch (error) {
    failure = error;
  }
  ok(failure instanceof Error, "a missing module must fail to load");
  ok(String(failure).includes("no_such_command.ts"), String(failure));
});

Deno.test("main.ts statically reaches no npm package and no dynamic import", async () => {
  const main = new URL("../../../main.ts", import.meta.url);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", main.href],
    stdout: "piped",
    stderr: "piped",
  }).output();
  ok(output.success, new TextDecoder().decode(output.stderr));
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: {
      specifier: string;
      dependencies?: { specifier: string; isDynamic?: boolean; code?: { specifier: string } }[];
    }[];
  };
  const modules = new Map(info.modules.map((module) => [module.specifier, module]));
  const seen = new Set<string>();
  const pending = [info.roots[0]];
  const eager: string[] = [];
  while (pending.length > 0) {
    const specifier = pending.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      const target = dependency.code?.specifier;
      if (!target) continue; // type-only import: not loaded at run time
      // Node built-ins imported dynamically (node:util, node:sqlite) cost nothing until used.
      if (dependency.isDynamic && !target.startsWith("node:")) {
        eager.push(`${specifier} → import("${dependency.specifier}")`);
      }
      if (!dependency.isDynamic) pending.push(target);
    }
  }
  deepStrictEqual(eager, [], "use lazyCommand/importModule instead of a literal import()");
  deepStrictEqual([...seen].filter((specifier) => specifier.startsWith("npm:")), []);
});

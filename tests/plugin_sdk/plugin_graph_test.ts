/**
 * The SDK entry (`plugin.ts`) stays light: a plugin's manifest and command
 * modules import it, so what it loads at run time is loaded with every
 * plugin. Its run-time module graph (type-only imports left out, as Deno
 * leaves them out) holds no npm package (zod, the SDKs), no Node built-in
 * and no module of the built-in plugins.
 * @module
 */

import assert from "node:assert/strict";

interface InfoDependency {
  code?: { specifier: string };
  isTypeOnly?: boolean;
}
interface InfoModule {
  specifier: string;
  dependencies?: InfoDependency[];
}

/** The modules `entry` loads when it runs, from `deno info --json`. */
async function runtimeGraph(entry: URL): Promise<string[]> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry.href],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(success, new TextDecoder().decode(stderr));
  const info = JSON.parse(new TextDecoder().decode(stdout)) as {
    roots: string[];
    modules: InfoModule[];
  };
  const modules = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const pending = [info.roots[0]];
  while (pending.length > 0) {
    const specifier = pending.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      if (dependency.code && !dependency.isTypeOnly) pending.push(dependency.code.specifier);
    }
  }
  return [...seen].sort();
}

Deno.test("plugin.ts loads no npm package, Node built-in or built-in plugin at run time", async () => {
  const root = new URL("../../", import.meta.url).href;
  const graph = await runtimeGraph(new URL("../../plugin.ts", import.meta.url));
  assert.ok(graph.includes(`${root}core/plugin_host/manifest.ts`), graph.join("\n"));
  const heavy = graph.filter((specifier) =>
    specifier.startsWith("npm:") || specifier.startsWith("node:") ||
    specifier.startsWith(`${root}plugins/`)
  );
  assert.deepEqual(heavy, []);
  assert.ok(graph.length <= 16, `plugin.ts loads ${graph.length} modules:\n${graph.join("\n")}`);
});

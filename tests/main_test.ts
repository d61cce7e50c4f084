/**
 * The light commands `main.ts` runs without building the plugin host are
 * exactly those the built-in manifests mark `light`: a manifest that gains
 * or loses one without `lightManifests` in `main.ts` following fails here.
 * Third-party manifests cannot claim to be light.
 */
import assert from "node:assert/strict";
import { ManifestDataSchema } from "../core/plugin_host/external/manifest_data.ts";
import { moduleUrl, type PluginManifest } from "../core/plugin_host/manifest.ts";
import { builtinPlugins } from "../plugins/builtin.ts";
import { lightCommands, lightManifests } from "../main.ts";

/** The light commands of `manifests`, as name, summary and module URL. */
function declaredLight(manifests: readonly PluginManifest[]): string[] {
  return manifests.flatMap((manifest) =>
    (manifest.commands ?? []).filter((c) => c.light).map((c) =>
      `${c.name} · ${c.summary} · ${moduleUrl(c.module).href}`
    )
  );
}

Deno.test("the light commands are exactly those the built-in manifests mark light", async () => {
  const builtins = builtinPlugins.map((record) => record.manifest);
  const fromManifests = declaredLight(builtins);
  assert.deepEqual(
    declaredLight(lightManifests),
    fromManifests,
    "main.ts's lightManifests must list every built-in manifest with a light command",
  );
  for (const manifest of lightManifests) {
    assert.ok(builtins.includes(manifest), `${manifest.name} is not a built-in plugin`);
  }
  assert.deepEqual(lightCommands.map((entry) => entry.name), ["status", "version"]);
  for (const entry of lightCommands) {
    assert.equal(entry.light, true);
    assert.equal((await entry.load()).command.name, entry.name);
  }
});

Deno.test("the drift check fails for a light command missing from the light list", () => {
  const extra: PluginManifest = {
    name: "extra",
    version: "1.0.0",
    kind: "integration",
    summary: "a plugin with a light command",
    commands: [{ name: "quick", summary: "fast", module: "file:///quick.ts", light: true }],
  };
  assert.notDeepEqual(declaredLight(lightManifests), declaredLight([...lightManifests, extra]));
});

Deno.test("a third-party manifest cannot declare a light command", () => {
  const manifest = {
    name: "hello",
    version: "1.0.0",
    kind: "integration",
    summary: "says hello",
    commands: [{ name: "hello", summary: "greet", module: "file:///p/hello.ts" }],
  };
  assert.equal(ManifestDataSchema.safeParse(manifest).success, true);
  const light = { ...manifest, commands: [{ ...manifest.commands[0], light: true }] };
  const parsed = ManifestDataSchema.safeParse(light);
  assert.equal(parsed.success, false);
  assert.match(JSON.stringify(parsed.error?.issues), /light/);
});

/** The modules `main.ts` loads before it runs a command: its static, non-type-only imports. */
async function startupModules(): Promise<string[]> {
  const main = new URL("../main.ts", import.meta.url);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", main.href],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: {
      specifier: string;
      dependencies?: { isDynamic?: boolean; code?: { specifier: string } }[];
    }[];
  };
  const modules = new Map(info.modules.map((module) => [module.specifier, module]));
  const seen = new Set<string>();
  const pending = [info.roots[0]];
  while (pending.length > 0) {
    const specifier = pending.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dependency of modules.get(specifier)?.dependencies ?? []) {
      const target = dependency.code?.specifier; // absent: a type-only import
      if (target && !dependency.isDynamic) pending.push(target);
    }
  }
  return [...seen];
}

Deno.test("start-up loads the light manifests and no other plugin module, nor the plugin host", async () => {
  const root = new URL("../", import.meta.url).href;
  const loaded = (await startupModules()).map((specifier) => specifier.replace(root, ""));
  assert.deepEqual(
    loaded.filter((path) => path.startsWith("plugins/") || path.startsWith("agents/")).sort(),
    ["plugins/core_commands/mod.ts", "plugins/km/mod.ts"],
  );
  assert.deepEqual(loaded.filter((path) => path.startsWith("core/plugin_host/")).sort(), [
    "core/plugin_host/current.ts",
    "core/plugin_host/manifest.ts",
  ]);
});

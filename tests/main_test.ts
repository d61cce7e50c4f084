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

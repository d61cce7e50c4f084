/**
 * A plugin's manifest is read in a real worker with no permissions but the
 * read of its folder: a well-formed manifest comes back as data (URLs as
 * strings); a plugin that reads, writes, fetches, reads the environment or
 * imports beyond its folder while being imported is denied and named; one
 * that throws, exits or never finishes importing is a clear error; one
 * without a manifest, with a module reference outside its folder, with a
 * bad name or version, or with fields of the wrong type is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../../../core/errors.ts";
import { readManifest } from "../../../../core/plugin_host/external/read_manifest.ts";
import { resolvePluginSource } from "../../../../core/plugin_host/external/plugin_source.ts";
import { manifestModule, type PluginWorld, pluginWorld, writeFiles } from "./plugin_fixture.ts";

/**
 * Runs `fn` with a reader of `mod`'s manifest. The deadline is generous: a
 * loaded 2-core CI machine can take seconds to start a Worker, and only the
 * hanging plugin's case is about the deadline (it passes a short one).
 */
async function withManifest(
  mod: string,
  fn: (world: PluginWorld, read: () => Promise<unknown>) => Promise<void>,
  deadlineMs = 30_000,
): Promise<void> {
  const world = await pluginWorld();
  try {
    await writeFiles(world.plugin, { "mod.ts": mod, "command.ts": "export const command = {};" });
    const source = await resolvePluginSource(world.plugin, world.base);
    await fn(world, () => readManifest(source, "the test plugin", { deadlineMs }));
  } finally {
    await world.cleanup();
  }
}

async function refusal(read: () => Promise<unknown>): Promise<SuperAgentsError> {
  try {
    await read();
  } catch (error) {
    if (error instanceof SuperAgentsError) return error;
    throw error;
  }
  assert.fail("the manifest was accepted");
}

Deno.test("a manifest comes back as validated data, module references as absolute URLs", async () => {
  await withManifest(manifestModule("hello", { read: ["."] }), async (world, read) => {
    const manifest = await read() as { name: string; commands: { module: string }[] };
    assert.equal(manifest.name, "hello");
    assert.equal(manifest.commands[0].module, `file://${join(world.plugin, "command.ts")}`);
  });
});

Deno.test("importing a plugin may touch nothing outside its folder", async () => {
  const attacks: [string, RegExp][] = [
    [`await Deno.readTextFile("/etc/hostname");`, /denied read access to "\/etc\/hostname"/],
    [`await Deno.writeTextFile("/tmp/sa-plugin-pwned", "x");`, /denied write access/],
    [`await fetch("http://127.0.0.1:65000/");`, /denied net access to "127\.0\.0\.1:65000"/],
    [`Deno.env.get("HOME");`, /denied env access to "HOME"/],
    [`await import("file:///etc/hostname");`, /denied read access to "\/etc\/hostname"/],
  ];
  for (const [attack, message] of attacks) {
    await withManifest(manifestModule("hello", {}, attack), async (_world, read) => {
      const error = await refusal(read);
      assert.equal(error.code, "PLUGIN_DENIED", `${attack}: ${error.message}`);
      assert.match(error.message, message);
      assert.match(error.message, /while importing its manifest/);
    });
  }
  assert.equal(await Deno.lstat("/tmp/sa-plugin-pwned").then(() => true, () => false), false);
});

Deno.test("a plugin that throws, exits or hangs on import is a clear error", async () => {
  const cases: [string, RegExp][] = [
    [`throw new Error("boom");`, /could not be imported: Error: boom/],
    [`Deno.exit(0);`, /ended its worker \(exit 0\)/],
    [`self.close();`, /ended its worker \(close 0\)/],
    [`await new Promise(() => {});`, /did not answer within 1000 ms/],
  ];
  for (const [code, message] of cases) {
    const hangs = code.includes("new Promise");
    await withManifest(manifestModule("hello", {}, code), async (_world, read) => {
      const error = await refusal(read);
      assert.equal(error.code, "PLUGIN_IMPORT_FAILED", error.message);
      assert.match(error.message, message);
    }, hangs ? 1_000 : undefined);
  }
});

Deno.test("a module reference outside the plugin's folder is refused", async () => {
  const escapes = [
    `"file:///etc/passwd"`,
    `new URL("../outside.ts", import.meta.url)`,
    `"https://evil.example/x.ts"`,
    `"npm:left-pad"`,
  ];
  for (const ref of escapes) {
    const mod = manifestModule("hello").replace(
      /new URL\("\.\/command\.ts", import\.meta\.url\)/,
      ref,
    );
    await withManifest(mod, async (_world, read) => {
      const error = await refusal(read);
      assert.equal(error.code, "PLUGIN_MANIFEST_INVALID", `${ref}: ${error.message}`);
      assert.match(error.message, /lies outside the plugin/);
    });
  }
});

Deno.test("a missing or malformed manifest is refused with the field at fault", async () => {
  const cases: [string, RegExp][] = [
    [`export const x = 1;`, /has no manifest as its default export/],
    [manifestModule("Hello"), /name: lower-case letters/],
    [manifestModule("hello").replace(`"1.0.0"`, `"latest"`), /version: a version like 1\.0\.0/],
    [manifestModule("hello", { run: "yes" }), /permissions\.run/],
    [manifestModule("hello", { net: ["evil host"] }), /permissions\.net\.0: a host/],
    [manifestModule("hello").replace(`kind:`, `extra: 1, kind:`), /extra/],
    [manifestModule("hello").replace(`summary: "a test plugin"`, "summary: () => 1"), /summary/],
  ];
  for (const [mod, message] of cases) {
    await withManifest(mod, async (_world, read) => {
      const error = await refusal(read);
      assert.equal(error.code, "PLUGIN_MANIFEST_INVALID", error.message);
      assert.match(error.message, message);
    });
  }
});

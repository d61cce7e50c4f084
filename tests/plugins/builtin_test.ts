/**
 * The built-in plugins: every folder under `plugins/` is a plugin whose
 * manifest (`mod.ts`) is listed in `plugins/builtin.ts` once, beside the
 * runtime's (`agents/mod.ts`); each manifest module is data (it imports
 * nothing but `definePlugin`, so listing the plugins loads no plugin code),
 * and every
 * module a manifest names exists and exports what its contribution's
 * contract says (commands are loaded by `tests/core/cli/command_tables_test.ts`,
 * executors' workers by `tests/agents/runtime/executors_test.ts`).
 */
import assert from "node:assert/strict";
import { PluginHost } from "../../core/plugin_host/host.ts";
import { builtinPlugins, installBuiltinPlugins } from "../../plugins/builtin.ts";
import { pluginHost } from "../../core/plugin_host/current.ts";

const manifestModule = new URL("../../core/plugin_host/manifest.ts", import.meta.url).href;
const pluginsDir = new URL("../../plugins/", import.meta.url);
/** The manifests outside `plugins/`: the runtime's commands. */
const runtimeManifest = new URL("../../agents/mod.ts", import.meta.url);

/** Every manifest module a built-in is listed from: one per plugin folder, and the runtime's. */
async function manifestModules(): Promise<URL[]> {
  const modules = [];
  for await (const entry of Deno.readDir(pluginsDir)) {
    if (entry.isDirectory) modules.push(new URL(`${entry.name}/mod.ts`, pluginsDir));
  }
  return [...modules, runtimeManifest];
}

Deno.test("every built-in manifest module imports only the manifest helper", async () => {
  const modules = await manifestModules();
  assert.ok(modules.length >= 20, modules.join(", "));
  for (const mod of modules) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", mod.href],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
    const info = JSON.parse(new TextDecoder().decode(output.stdout)) as {
      modules: { specifier: string }[];
    };
    const loaded = info.modules.map((m) => m.specifier).filter((s) => s !== mod.href);
    assert.deepEqual(loaded, [manifestModule], mod.href);
  }
});

Deno.test("every plugin folder's manifest is listed as a built-in, once", async () => {
  const names = builtinPlugins.map((record) => record.manifest.name);
  assert.equal(new Set(names).size, names.length);
  const modules = await manifestModules();
  for (const mod of modules) {
    const { default: manifest } = await import(mod.href);
    assert.ok(
      builtinPlugins.some((record) => record.manifest === manifest),
      `${mod.href} is not in builtin.ts`,
    );
  }
  assert.equal(modules.length, names.length);
  assert.deepEqual(new PluginHost([...builtinPlugins]).problems, []);
});

Deno.test("every contributed module exports its contract", async () => {
  const host = installBuiltinPlugins();
  assert.equal(pluginHost(), host);
  for (const provider of host.providers()) {
    const module = await provider.load<{ createProvider?: unknown }>();
    assert.equal(typeof module.createProvider, "function", provider.contribution.name);
  }
  const agentFiles = host.agentFiles();
  assert.ok(agentFiles.length > 0);
  for (const entry of agentFiles) {
    const { agentFiles } = await entry.load<{ agentFiles: Record<string, string> }>();
    assert.ok(Object.keys(agentFiles).length > 0, entry.plugin);
    for (const markdown of Object.values(agentFiles)) assert.match(markdown, /^---\n/);
  }
  const redis = host.queueBackend("redis");
  assert.ok(redis);
  assert.equal(typeof (await redis.load<{ openQueue?: unknown }>()).openQueue, "function");
  const mounts = host.kmMounts();
  assert.ok(mounts.some((m) => m.contribution.name === "mcp"));
  // The KM's own dashboard is a contribution like the others, and comes first.
  assert.equal(mounts[0].contribution.name, "dashboard");
  assert.equal(mounts[0].plugin, "km");
  for (const mount of mounts) {
    const module = await mount.load<{ createMount?: unknown }>();
    assert.equal(typeof module.createMount, "function", mount.contribution.name);
  }
  for (const listener of host.jobListeners()) {
    const module = await listener.load<{ createJobListener?: unknown }>();
    assert.equal(typeof module.createJobListener, "function", listener.contribution.name);
  }
  for (const chooser of host.tierChoosers()) {
    const module = await chooser.load<{ createTierChooser?: unknown }>();
    assert.equal(typeof module.createTierChooser, "function", chooser.contribution.name);
  }
  const checks = host.doctorChecks();
  const ids = checks.map((c) => c.contribution.id);
  assert.equal(new Set(ids).size, ids.length, ids.join(", "));
  // The doctor's own checks run first, in its manifest's order; the other plugins' after.
  const others = checks.filter((c) => c.plugin !== "doctor").map((c) => c.contribution.id);
  assert.equal(ids[0], "deno-version");
  assert.deepEqual(others, ["redis-queue", "analytics"]);
  assert.deepEqual(ids.slice(-others.length), others, ids.join(", "));
  for (const entry of checks) {
    const { check } = await entry.load<{ check: { id: string } }>();
    assert.equal(check.id, entry.contribution.id);
  }
  for (const [name, url] of Object.entries(host.executors())) {
    assert.ok((await Deno.stat(url)).isFile, `${name}: ${url}`);
  }
});

/**
 * The plugin host builds its tables from manifests (data): a command's
 * module is imported only when the command is loaded; a second plugin of the
 * same name is reported and skipped; executors, providers, queue backends,
 * KM mounts, doctor checks, agent files and config sections resolve to the
 * contributing plugin and load their modules (relative references against
 * the record's `base`); an unknown provider is an error naming the others.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";
import {
  PluginHost,
  type PluginRecord,
  THIRD_PARTY_EXECUTOR,
} from "../../../core/plugin_host/host.ts";
import { definePlugin } from "../../../core/plugin_host/manifest.ts";

type Flags = { importedModules?: string[] };
const flags = globalThis as Flags;

/** A module that records, at import time, that it was imported. */
function recordingModule(name: string, exports: string): string {
  return `(globalThis.importedModules ??= []).push(${JSON.stringify(name)});\n${exports}\n`;
}

async function withPluginDir(fn: (dir: URL) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "plugin-host-" });
  try {
    const files: Record<string, string> = {
      "hello.js": recordingModule(
        "hello",
        'export const command = { name: "hello", summary: "say hello" };',
      ),
      "provider.js": recordingModule(
        "provider",
        'export const createProvider = () => ({ name: "echo" });',
      ),
      "backend.js": recordingModule("backend", "export const openQueue = () => null;"),
      "mount.js": recordingModule("mount", "export const createMount = () => null;"),
      "check.js": recordingModule("check", 'export const check = { id: "echo-check" };'),
      "agents.js": recordingModule(
        "agents",
        'export const agentFiles = { "echo.md": "---\\nname: echo\\n---\\n" };',
      ),
      "config.js": recordingModule("config", "export const defaults = { loud: false };"),
      "worker.js": "// a pool worker module (never imported by the host)\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, file), text);
    }
    await fn(new URL(`file://${dir}/`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function echoPlugin(dir: URL): PluginRecord {
  return {
    // Relative references resolve against the manifest module's URL (`base`).
    base: new URL("mod.js", dir).href,
    manifest: definePlugin({
      name: "echo",
      version: "1.0.0",
      kind: "integration",
      summary: "echoes",
      commands: [
        { name: "hello", summary: "say hello", module: "./hello.js" },
        { name: "plumbing", summary: "internal", module: "./hello.js", hidden: true },
      ],
      agents: [{ module: "./agents.js" }],
      executors: [{ name: "echo", worker: "./worker.js" }],
      providers: [{ name: "echo", summary: "echo provider", module: "./provider.js" }],
      queueBackends: [{ name: "memory", module: "./backend.js" }],
      kmMounts: [{ name: "echo", paths: ["/echo/"], module: "./mount.js" }],
      doctorChecks: [{ id: "echo-check", module: "./check.js" }],
      config: { section: "echo", module: "./config.js" },
    }),
  };
}

function otherPlugin(name: string, dir: URL): PluginRecord {
  return {
    manifest: definePlugin({
      name,
      version: "2.0.0",
      kind: "provider",
      summary: `${name} provider`,
      providers: [{ name, summary: name, module: new URL("provider.js", dir) }],
    }),
  };
}

Deno.test("a command's module is imported only when the command is loaded", async () => {
  await withPluginDir(async (dir) => {
    flags.importedModules = [];
    const host = new PluginHost([echoPlugin(dir)]);
    const commands = host.commands();
    assert.deepEqual(
      commands.map((c) => [c.name, c.summary, c.hidden ?? false]),
      [["hello", "say hello", false], ["plumbing", "internal", true]],
    );
    host.providers();
    host.kmMounts();
    host.doctorChecks();
    host.executors();
    assert.deepEqual(flags.importedModules, [], "building the tables imports nothing");
    const { command } = await commands[0].load();
    assert.equal(command.name, "hello");
    assert.deepEqual(flags.importedModules, ["hello"]);
  });
});

Deno.test("a second plugin of the same name is reported as a problem and skipped", () => {
  const dir = new URL("file:///nowhere/"); // nothing is loaded
  const first = otherPlugin("twin", dir);
  const second = { ...otherPlugin("twin", dir), manifest: { ...first.manifest, version: "9" } };
  const host = new PluginHost([first, echoPlugin(dir), second]);
  assert.deepEqual(host.plugins.map((p) => p.manifest.name), ["twin", "echo"]);
  assert.equal(host.plugins[0].manifest.version, "2.0.0", "the first one is kept");
  assert.equal(host.problems.length, 1);
  assert.equal(host.problems[0].plugin, "twin");
  assert.match(host.problems[0].message, /second plugin named twin/);
  assert.match(host.problems[0].hint, /twin/);
  assert.deepEqual(host.providers().map((p) => p.contribution.name), ["twin", "echo"]);
});

Deno.test("every kind of contribution resolves to its plugin and loads its module", async () => {
  await withPluginDir(async (dir) => {
    flags.importedModules = [];
    const host = new PluginHost([otherPlugin("alpha", dir), echoPlugin(dir)]);

    assert.deepEqual(host.executors(), { echo: new URL("worker.js", dir) });

    const provider = host.provider("echo");
    assert.equal(provider.plugin, "echo");
    const { createProvider } = await provider.load<{ createProvider(): { name: string } }>();
    assert.equal(createProvider().name, "echo");

    const backend = host.queueBackend("memory");
    assert.equal(backend?.plugin, "echo");
    assert.equal(typeof (await backend!.load<{ openQueue: unknown }>()).openQueue, "function");
    assert.equal(host.queueBackend("sqlite"), undefined, "only contributed backends");

    const [mount] = host.kmMounts();
    assert.deepEqual(mount.contribution.paths, ["/echo/"]);
    assert.equal(typeof (await mount.load<{ createMount: unknown }>()).createMount, "function");

    const [check] = host.doctorChecks();
    assert.equal(check.contribution.id, "echo-check");
    assert.equal((await check.load<{ check: { id: string } }>()).check.id, "echo-check");

    const [agents] = host.agentFiles();
    assert.equal(agents.plugin, "echo");
    const { agentFiles } = await agents.load<{ agentFiles: Record<string, string> }>();
    assert.deepEqual(Object.keys(agentFiles), ["echo.md"]);

    const [section] = host.configSections();
    assert.equal(section.contribution.section, "echo");
    assert.deepEqual((await section.load<{ defaults: unknown }>()).defaults, { loud: false });

    assert.deepEqual(flags.importedModules.sort(), [
      "agents",
      "backend",
      "check",
      "config",
      "mount",
      "provider",
    ]);
  });
});

Deno.test("an unknown provider is an error that names the providers there are", async () => {
  await withPluginDir((dir) => {
    const host = new PluginHost([otherPlugin("alpha", dir), echoPlugin(dir)]);
    assert.throws(
      () => host.provider("nope"),
      (error: unknown) =>
        error instanceof SuperAgentsError && error.code === "PROVIDER_NOT_FOUND" &&
        error.message.includes('"nope"') && error.hint === "providers: alpha, echo",
    );
    return Promise.resolve();
  });
});

Deno.test("a third-party executor runs on the built-in third-party worker; one named like a built-in provider is skipped", () => {
  const worker = new URL("file:///sa/plugins/plugin_manager/executor_worker.ts");
  const builtin: PluginRecord = {
    manifest: definePlugin({
      name: "plugin-manager",
      version: "1.0.0",
      kind: "integration",
      summary: "hosts third-party executors",
      executors: [{ name: THIRD_PARTY_EXECUTOR, worker }],
      providers: [{ name: "local", summary: "local", module: "file:///sa/local.ts" }],
    }),
  };
  const external = (name: string, executor: string): PluginRecord => ({
    manifest: definePlugin({
      name,
      version: "1.0.0",
      kind: "agent",
      summary: "a third-party plugin",
      executors: [{ name: executor, module: `file:///p/${name}/execute.ts` }],
      providers: [{ name: executor, summary: "its executor", module: "super-agents:x" }],
    }),
    external: {
      specifier: `/p/${name}`,
      load: () => Promise.reject(new Error("not loaded here")),
      command: () => () => Promise.reject(new Error("no commands")),
    },
  });
  const host = new PluginHost([builtin, external("probe", "probe"), external("evil", "local")]);
  assert.deepEqual(host.executors(), {
    [THIRD_PARTY_EXECUTOR]: worker,
    "probe/probe": worker,
  });
  assert.deepEqual(host.providers().map((p) => `${p.plugin}:${p.contribution.name}`), [
    "plugin-manager:local",
    "probe:probe",
  ]);
  assert.deepEqual(host.problems.map((p) => p.message), [
    `plugin "evil": its executor local has the name of another plugin's provider; skipped`,
  ]);
  assert.equal(new PluginHost([external("probe", "probe")]).executors()["probe/probe"], undefined);
});

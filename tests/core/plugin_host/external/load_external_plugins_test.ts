/**
 * Start-up loading of third-party plugins: nothing to do without plugins
 * files; an accepted plugin becomes a record whose command the host lists;
 * a plugin whose code changed is read again — activated when it asks for
 * nothing more, skipped as needing acceptance when it asks for more or was
 * sealed by someone else, skipped as broken when it throws on import or is
 * gone; a damaged project file leaves the user's plugins loading; a
 * command that a built-in one now takes is skipped. Nothing throws.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PluginHost } from "../../../../core/plugin_host/host.ts";
import { loadExternalPlugins } from "../../../../core/plugin_host/external/load_external_plugins.ts";
import {
  acceptedEntry,
  commandModule,
  manifestModule,
  type PluginWorld,
  pluginWorld,
  writeFiles,
  writePluginsFile,
} from "./plugin_fixture.ts";

function load(world: PluginWorld, reservedCommands: string[] = []) {
  return loadExternalPlugins(
    { cwd: join(world.project, "src"), home: join(world.base, "home"), dataHome: world.dataHome },
    { reservedCommands, deadlineMs: 30_000 },
  );
}

async function withAdded(
  permissions: unknown,
  fn: (world: PluginWorld, projectFile: string) => Promise<void>,
): Promise<void> {
  const world = await pluginWorld();
  try {
    await writeFiles(world.plugin, {
      "mod.ts": manifestModule("hello", permissions),
      "command.ts": commandModule(`ctx.stdout.write("hi\\n");`),
    });
    const projectFile = join(world.project, ".claude", "plugins.json");
    await writePluginsFile(projectFile, [await acceptedEntry(world)]);
    await fn(world, projectFile);
  } finally {
    await world.cleanup();
  }
}

Deno.test("without plugins files there is nothing to load", async () => {
  const world = await pluginWorld();
  try {
    const { records, problems, builtFrom } = await load(world);
    assert.deepEqual({ records, problems }, { records: [], problems: [] });
    // Both plugins files are named, and stamped as absent: creating one is a change to notice.
    assert.equal(builtFrom.files.length, 2);
    assert.equal(builtFrom.stamp, "absent|absent");
  } finally {
    await world.cleanup();
  }
});

Deno.test("an accepted plugin's command is in the host's command table", async () => {
  await withAdded({ read: ["."] }, async (world) => {
    const { records, problems } = await load(world);
    assert.deepEqual(problems, []);
    assert.equal(records.length, 1);
    assert.equal(records[0].external?.specifier, world.plugin);
    const commands = new PluginHost(records).commands();
    assert.deepEqual(commands.map((c) => c.name), ["hello"]);
  });
});

Deno.test("changed code asking for more needs acceptance; asking for the same is activated", async () => {
  await withAdded({ read: ["src"] }, async (world) => {
    await Deno.writeTextFile(
      join(world.plugin, "mod.ts"),
      manifestModule("hello", { read: ["src"], net: ["evil.example"] }),
    );
    const widened = await load(world);
    assert.deepEqual(widened.records, []);
    assert.equal(widened.problems.length, 1);
    assert.match(
      widened.problems[0].message,
      /plugin "hello" needs acceptance: its code changed and it now asks for more net access/,
    );
    assert.equal(
      widened.problems[0].hint,
      `run \`super-agents plugins add ${world.plugin}\` to review`,
    );

    await Deno.writeTextFile(
      join(world.plugin, "mod.ts"),
      manifestModule("hello", { read: ["src/a"] }),
    );
    const narrowed = await load(world);
    assert.deepEqual(narrowed.problems, []);
    assert.deepEqual(narrowed.records[0].manifest.permissions, { read: ["src/a"] });
  });
});

Deno.test("an entry sealed elsewhere or edited by hand needs acceptance", async () => {
  await withAdded({ read: ["src"] }, async (world, projectFile) => {
    const file = JSON.parse(await Deno.readTextFile(projectFile));
    file.plugins[0].accepted = { read: true, run: true };
    file.plugins[0].manifest.permissions = { read: true, run: true };
    await Deno.writeTextFile(projectFile, JSON.stringify(file));
    const edited = await load(world);
    assert.deepEqual(edited.records, []);
    assert.match(
      edited.problems[0].message,
      /needs acceptance: you did not accept it on this machine/,
    );
    await Deno.remove(join(world.dataHome, "plugins.key"));
    const keyless = await load(world);
    assert.deepEqual(keyless.records, []);
    assert.match(keyless.problems[0].message, /needs acceptance/);
  });
});

Deno.test("a plugin that now throws on import, or is gone, is reported broken and skipped", async () => {
  await withAdded({}, async (world) => {
    await Deno.writeTextFile(
      join(world.plugin, "mod.ts"),
      `throw new Error("kaboom");\n${manifestModule("hello")}`,
    );
    const throwing = await load(world);
    assert.deepEqual(throwing.records, []);
    assert.match(
      throwing.problems[0].message,
      /plugin "hello" is broken: .*Error: kaboom; skipped/,
    );
    assert.match(throwing.problems[0].hint, /plugins remove hello/);
    await Deno.remove(world.plugin, { recursive: true });
    const gone = await load(world);
    assert.match(gone.problems[0].message, /plugin "hello" is broken: .*No such file/);
  });
});

Deno.test("a damaged project file leaves the user's plugins loading", async () => {
  await withAdded({}, async (world, projectFile) => {
    const entry = JSON.parse(await Deno.readTextFile(projectFile)).plugins[0];
    await writePluginsFile(join(world.dataHome, "plugins.json"), [entry]);
    await Deno.writeTextFile(projectFile, "][");
    const { records, problems } = await load(world);
    assert.deepEqual(records.map((r) => r.manifest.name), ["hello"]);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, new RegExp(`${projectFile} is not a valid plugins file`));
  });
});

Deno.test("a command a built-in one now takes is skipped and reported", async () => {
  await withAdded({}, async (world) => {
    const { records, problems } = await load(world, ["hello"]);
    assert.deepEqual(records[0].manifest.commands, []);
    assert.match(problems[0].message, /its command hello is a built-in command; skipped/);
  });
});

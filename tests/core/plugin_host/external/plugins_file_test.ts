/**
 * The plugins file and the acceptance seal: a missing file is empty; a
 * file that is not JSON or not a plugins file is one problem naming the
 * file and the fix; a damaged entry is a problem of its own while the
 * others load; updates are atomic under the lock and can remove a damaged
 * entry; a seal verifies only for the same entry under the same user's
 * key, and a key readable by others is refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SuperAgentsError } from "../../../../core/errors.ts";
import {
  ensureSealKey,
  readSealKey,
  sealKeyPath,
  sealOf,
  sealVerifies,
} from "../../../../core/plugin_host/external/acceptance_seal.ts";
import {
  entryNameOf,
  readPluginsFile,
  updatePluginsFile,
} from "../../../../core/plugin_host/external/plugins_file.ts";
import {
  acceptedEntry,
  manifestModule,
  pluginWorld,
  writeFiles,
  writePluginsFile,
} from "./plugin_fixture.ts";

Deno.test("a damaged plugins file is a problem naming the file; a damaged entry only itself", async () => {
  const world = await pluginWorld();
  try {
    const path = join(world.project, ".claude", "plugins.json");
    assert.deepEqual((await readPluginsFile(path, "project")).entries, []);
    await Deno.writeTextFile(path, "{ not json");
    const corrupt = await readPluginsFile(path, "project");
    assert.equal(corrupt.entries.length, 0);
    assert.match(corrupt.problems[0].message, new RegExp(`${path} is not a valid plugins file`));
    assert.match(corrupt.problems[0].hint, /delete it and add the plugins again/);
    await Deno.writeTextFile(path, JSON.stringify({ version: 2, plugins: [] }));
    assert.match((await readPluginsFile(path, "project")).problems[0].message, /version/);

    await writeFiles(world.plugin, { "mod.ts": manifestModule("hello"), "command.ts": "" });
    const good = await acceptedEntry(world);
    await writePluginsFile(path, [good, { ...good, name: "bad", integrity: "md5-x" }]);
    const mixed = await readPluginsFile(path, "project");
    assert.deepEqual(mixed.entries.map((e) => e.name), ["hello"]);
    assert.equal(mixed.problems.length, 1);
    assert.match(mixed.problems[0].message, /the entry of bad .* is invalid \(integrity/);
    assert.match(mixed.problems[0].hint, /plugins remove bad/);

    const removed = await updatePluginsFile(path, (entries) => {
      const kept = entries.filter((e) => entryNameOf(e) !== "bad");
      return { entries: kept, result: entries.length - kept.length };
    });
    assert.equal(removed, 1);
    const after = await readPluginsFile(path, "project");
    assert.deepEqual([after.entries.map((e) => e.name), after.problems], [["hello"], []]);
  } finally {
    await world.cleanup();
  }
});

Deno.test("an update of a file that is not JSON is refused, not overwritten", async () => {
  const world = await pluginWorld();
  try {
    const path = join(world.project, ".claude", "plugins.json");
    await Deno.writeTextFile(path, "{ not json");
    await assert.rejects(
      () => updatePluginsFile(path, (entries) => ({ entries, result: 0 })),
      (error: SuperAgentsError) => error.code === "PLUGINS_FILE_INVALID",
    );
    assert.equal(await Deno.readTextFile(path), "{ not json");
  } finally {
    await world.cleanup();
  }
});

Deno.test("a seal verifies only for the same entry under the same user's key", async () => {
  const world = await pluginWorld();
  try {
    assert.equal(await readSealKey(world.dataHome), undefined);
    const key = await ensureSealKey(world.dataHome);
    assert.equal((await Deno.stat(sealKeyPath(world.dataHome))).mode! & 0o777, 0o600);
    const entry = { name: "hello", accepted: { read: ["."] } };
    const seal = await sealOf(key, entry);
    assert.equal(await sealVerifies(key, entry, seal), true);
    assert.equal(await sealVerifies(key, { accepted: { read: ["."] }, name: "hello" }, seal), true);
    assert.equal(await sealVerifies(key, { ...entry, accepted: { read: true } }, seal), false);
    assert.equal(await sealVerifies(key, entry, "0".repeat(64)), false);
    const other = await pluginWorld();
    try {
      assert.equal(await sealVerifies(await ensureSealKey(other.dataHome), entry, seal), false);
    } finally {
      await other.cleanup();
    }
    await Deno.chmod(sealKeyPath(world.dataHome), 0o644);
    await assert.rejects(
      () => readSealKey(world.dataHome),
      (error: SuperAgentsError) => /readable by other users/.test(error.message),
    );
  } finally {
    await world.cleanup();
  }
});

/**
 * The editor loop on a fake key stream and a fake screen: it draws, edits,
 * saves through the given function, and reports how the session ended.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  runConfigEditor,
  saveConfigFile,
} from "../../../../plugins/core_commands/tui/config_editor.ts";
import { decodeKeys, type Key } from "../../../../plugins/core_commands/tui/keys.ts";
import { fakeOutput } from "../../../core/cli/fake_output.ts";

async function* keys(...chunks: string[]): AsyncIterable<Key[]> {
  for (const chunk of chunks) yield decodeKeys(chunk);
}

function io(...chunks: string[]) {
  return {
    keys: keys(...chunks),
    screen: fakeOutput(true),
    size: () => ({ columns: 100, rows: 20 }),
    color: false,
  };
}

Deno.test("edit km.portMax, see the error inline, fix it, save and quit", async () => {
  const saved: Record<string, unknown>[] = [];
  const session = io("\x1b[B\x1b[B\x1b[B", "\r\x1580", "00\r", "s", "q");
  const outcome = await runConfigEditor(session, "config.json", { schemaVersion: 1 }, (file) => {
    saved.push(structuredClone(file));
    return Promise.resolve();
  });
  assert.deepEqual(saved, [{ schemaVersion: 1, km: { portMax: 8000 } }]);
  assert.equal(outcome.saves, 1);
  assert.equal(outcome.discarded, false);
  assert.ok(session.screen.text.includes("km.portMax = 80▏\x1b[K\r\n✗ km.portMax: Too small"));
  assert.match(session.screen.text, /saved config\.json/);
});

Deno.test("a failing save is shown and the session goes on; quitting discards", async () => {
  const session = io("\x1b[B\x1b[B\x1b[B\r\x156000\r", "s", "qq");
  const outcome = await runConfigEditor(session, "config.json", { schemaVersion: 1 }, () => {
    throw new Error("disk full");
  });
  assert.equal(outcome.saves, 0);
  assert.equal(outcome.discarded, true);
  assert.match(session.screen.text, /not saved: disk full/);
});

Deno.test("saveConfigFile writes valid JSON atomically and refuses an invalid file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "config.json");
    await saveConfigFile(path, { schemaVersion: 1, km: { portMax: 6000 } });
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
      schemaVersion: 1,
      km: { portMax: 6000 },
    });
    await assert.rejects(
      () => saveConfigFile(path, { schemaVersion: 1, km: { portMax: 80 } }),
      /km\.portMax/,
    );
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)).km, { portMax: 6000 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

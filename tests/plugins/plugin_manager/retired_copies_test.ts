import assert from "node:assert/strict";
import { join } from "node:path";
import { ensureSealKey, sealOf } from "../../../core/plugin_host/external/acceptance_seal.ts";
import {
  clearPending,
  markPending,
  pruneRetired,
  retireCopy,
  RETIRED_GRACE_MS,
  sealedCopyOf,
} from "../../../plugins/plugin_manager/retired_copies.ts";

const T0 = Date.UTC(2026, 11, 7);

async function home(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "sa-retired-" });
}

async function copyIn(dataHome: string, name: string) {
  const root = join(dataHome, "plugin-code", name);
  await Deno.mkdir(root, { recursive: true });
  return { root, entry: `file://${root}/mod.ts` };
}

Deno.test("retired copies: kept for a day for the workers that still use them, then deleted", async () => {
  const dataHome = await home();
  try {
    const retired = await copyIn(dataHome, "x.dev-1");
    const live = await copyIn(dataHome, "x.dev-2");
    await retireCopy(retired, dataHome, T0);
    await retireCopy(undefined, dataHome, T0); // no copy: nothing
    await pruneRetired(dataHome, T0 + RETIRED_GRACE_MS - 1);
    assert.ok((await Deno.stat(retired.root)).isDirectory, "still within its grace");
    await pruneRetired(dataHome, T0 + RETIRED_GRACE_MS);
    await assert.rejects(Deno.stat(retired.root), Deno.errors.NotFound);
    assert.ok((await Deno.stat(live.root)).isDirectory, "a copy in use is never touched");
    await pruneRetired(dataHome, T0 + 2 * RETIRED_GRACE_MS); // nothing left: no error
  } finally {
    await Deno.remove(dataHome, { recursive: true });
  }
});

Deno.test("pending copies: an add killed before recording leaves a copy deleted a day later; a recorded one stays", async () => {
  const dataHome = await home();
  try {
    const orphan = await copyIn(dataHome, "x.dev-3");
    const recorded = await copyIn(dataHome, "x.dev-4");
    await markPending(orphan, dataHome, T0);
    await markPending(recorded, dataHome, T0);
    await clearPending(recorded, dataHome);
    await pruneRetired(dataHome, T0 + RETIRED_GRACE_MS);
    await assert.rejects(Deno.stat(orphan.root), Deno.errors.NotFound);
    assert.ok((await Deno.stat(recorded.root)).isDirectory);
  } finally {
    await Deno.remove(dataHome, { recursive: true });
  }
});

Deno.test("only an entry with this user's seal names a copy to retire; a hand-edited one names none", async () => {
  const dataHome = await home();
  try {
    const code = await copyIn(dataHome, "x.dev-5");
    const accepted = {
      name: "uprobe",
      version: "1.0.0",
      specifier: "http://127.0.0.1:8080/mod.ts",
      source: {
        kind: "url",
        entry: "http://127.0.0.1:8080/mod.ts",
        origin: "127.0.0.1:8080",
        base: "http://127.0.0.1:8080/",
      },
      integrity: `sha256-${"0".repeat(64)}`,
      accepted: {},
      manifest: { name: "uprobe", version: "1.0.0", kind: "agent", summary: "probe" },
      code,
      addedAt: new Date(T0).toISOString(),
    };
    const key = await ensureSealKey(dataHome);
    const entry = { ...accepted, seal: await sealOf(key, accepted) };
    assert.deepEqual(await sealedCopyOf(entry, dataHome), code);
    const planted = {
      ...entry,
      code: { ...code, root: join(dataHome, "plugin-code", ".retired") },
    };
    assert.equal(await sealedCopyOf(planted, dataHome), undefined, "the seal no longer verifies");
    assert.equal(await sealedCopyOf({ name: "x", code }, dataHome), undefined, "not an entry");
    // A marker is never made for a name no copy of ours has.
    await retireCopy(
      { root: join(dataHome, "plugin-code", ".retired"), entry: "file:///x" },
      dataHome,
      T0,
    );
    await pruneRetired(dataHome, T0 + RETIRED_GRACE_MS);
  } finally {
    await Deno.remove(dataHome, { recursive: true });
  }
});

Deno.test("a marker read while it is being written (empty) does not get its copy deleted", async () => {
  const dataHome = await Deno.makeTempDir();
  try {
    const root = join(dataHome, "plugin-code", "x.dev-abc");
    await Deno.mkdir(root, { recursive: true });
    await Deno.writeTextFile(join(root, "mod.ts"), "export {};\n");
    await Deno.mkdir(join(dataHome, "plugin-code", ".pending"), { recursive: true });
    await Deno.writeTextFile(join(dataHome, "plugin-code", ".pending", "x.dev-abc"), "");
    await pruneRetired(dataHome, Date.now());
    assert.equal(await Deno.stat(root).then(() => true, () => false), true, "the copy was deleted");
  } finally {
    await Deno.remove(dataHome, { recursive: true });
  }
});

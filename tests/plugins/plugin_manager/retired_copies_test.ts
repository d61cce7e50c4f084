import assert from "node:assert/strict";
import { join } from "node:path";
import {
  pruneRetired,
  retireCopy,
  RETIRED_GRACE_MS,
} from "../../../plugins/plugin_manager/retired_copies.ts";

Deno.test("retired copies: kept for a day for the workers that still use them, then deleted", async () => {
  const home = await Deno.makeTempDir({ prefix: "sa-retired-" });
  try {
    const root = join(home, "plugin-code", "x.dev-1");
    const live = join(home, "plugin-code", "x.dev-2");
    await Deno.mkdir(root, { recursive: true });
    await Deno.mkdir(live, { recursive: true });
    const t0 = Date.UTC(2026, 11, 7);
    await retireCopy({ root, entry: `file://${root}/mod.ts` }, home, t0);
    await retireCopy(undefined, home, t0); // no copy: nothing
    await pruneRetired(home, t0 + RETIRED_GRACE_MS - 1);
    assert.ok((await Deno.stat(root)).isDirectory, "still within its grace");
    await pruneRetired(home, t0 + RETIRED_GRACE_MS);
    await assert.rejects(Deno.stat(root), Deno.errors.NotFound);
    assert.ok((await Deno.stat(live)).isDirectory, "a copy in use is never touched");
    assert.deepEqual([...Deno.readDirSync(join(home, "plugin-code", ".retired"))], []);
    await pruneRetired(home, t0 + 2 * RETIRED_GRACE_MS); // nothing left: no error
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

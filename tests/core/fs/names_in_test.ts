/** `namesIn`: one listing; a missing directory is empty; other errors reach the caller. */
import { deepEqual, throws } from "node:assert/strict";
import { join } from "node:path";
import { namesIn } from "../../../core/fs/names_in.ts";

Deno.test("namesIn lists a directory, is empty for a missing one, and rethrows the rest", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sa-names-" });
  try {
    await Deno.writeTextFile(join(dir, "km.pid"), "1\n");
    await Deno.mkdir(join(dir, "locks"));
    deepEqual([...namesIn(dir)].sort(), ["km.pid", "locks"]);
    deepEqual(namesIn(join(dir, "missing")).size, 0);
    throws(() => namesIn(join(dir, "km.pid")), Deno.errors.NotADirectory);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { join } from "node:path";
import { pathExists } from "../../../core/fs/path_exists.ts";

Deno.test("pathExists: a file and a directory exist, a missing name and a dangling link do not", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "file"), "x");
    assertEquals(await pathExists(join(dir, "file")), true);
    assertEquals(await pathExists(dir), true);
    assertEquals(await pathExists(join(dir, "missing")), false);
    await Deno.symlink(join(dir, "missing"), join(dir, "link"));
    assertEquals(await pathExists(join(dir, "link")), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("pathExists: an error other than NotFound reaches the caller", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "file"), "x");
    // A path through a file is NotADirectory, not NotFound: it must not read as "absent".
    await rejects(pathExists(join(dir, "file", "child")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

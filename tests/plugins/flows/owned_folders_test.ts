import assert from "node:assert/strict";
import { join } from "node:path";
import { makeOwnedFolders } from "../../../plugins/flows/owned_folders.ts";

Deno.test("owned folders: the folders of owned paths are made, never through a link or a file", async () => {
  const base = await Deno.makeTempDir({ prefix: "sa-owned-" });
  try {
    const worktree = join(base, "wt");
    const outside = join(base, "outside");
    await Deno.mkdir(worktree);
    await Deno.mkdir(outside);
    await Deno.symlink(outside, join(worktree, "evil"));
    await Deno.writeTextFile(join(worktree, "file"), "x");
    await makeOwnedFolders(worktree, [
      "src/api/client.ts",
      "top.ts",
      "evil/deep/x.ts",
      "file/sub/y.ts",
      "docs",
    ]);
    assert.ok((await Deno.lstat(join(worktree, "src", "api"))).isDirectory);
    assert.deepEqual([...Deno.readDirSync(outside)], [], "nothing made through the link");
    assert.equal(await Deno.readTextFile(join(worktree, "file")), "x");
    await assert.rejects(Deno.lstat(join(worktree, "docs")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

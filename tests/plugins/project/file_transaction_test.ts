import assert from "node:assert/strict";
import { join } from "node:path";
import { FileTransaction } from "../../../plugins/project/file_transaction.ts";

Deno.test("a failure rolls back every change: files, directories, removals", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "keep.txt"), "original");
    await Deno.writeTextFile(join(dir, "gone.txt"), "still here");
    await assert.rejects(
      new FileTransaction().run(async (tx) => {
        await tx.mkdir(join(dir, "new"));
        await tx.write(join(dir, "new", "a.txt"), "a");
        await tx.write(join(dir, "keep.txt"), "changed");
        await tx.remove(join(dir, "gone.txt"));
        await tx.write(join(dir, "missing-parent", "b.txt"), "b"); // fails: no parent
      }),
      Deno.errors.NotFound,
    );
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
    assert.deepEqual(names, ["gone.txt", "keep.txt"]);
    assert.equal(await Deno.readTextFile(join(dir, "keep.txt")), "original");
    assert.equal(await Deno.readTextFile(join(dir, "gone.txt")), "still here");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a write keeps the previous file mode", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "script.sh");
    await Deno.writeTextFile(path, "#!/bin/sh\n", { mode: 0o750 });
    await Deno.chmod(path, 0o750);
    await new FileTransaction().write(path, "#!/bin/sh\necho\n");
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o750);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

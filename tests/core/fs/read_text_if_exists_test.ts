import { equal, rejects } from "node:assert/strict";
import { join } from "node:path";
import { readTextIfExists } from "../../../core/fs/read_text_if_exists.ts";

Deno.test("readTextIfExists: a file's text; a missing file or a path through a file is undefined", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.txt"), "hello");
    equal(await readTextIfExists(join(dir, "a.txt")), "hello");
    equal(await readTextIfExists(join(dir, "missing.txt")), undefined);
    equal(await readTextIfExists(join(dir, "a.txt", "child")), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readTextIfExists: a folder is UNREADABLE, naming the path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await rejects(readTextIfExists(dir), (error: Error & { code?: string }) => {
      equal(error.code, "UNREADABLE");
      equal(error.message.includes(dir), true);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

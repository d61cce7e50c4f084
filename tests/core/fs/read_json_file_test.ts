import { deepStrictEqual, rejects } from "node:assert/strict";
import { join } from "node:path";
import { readJsonFile } from "../../../core/fs/read_json_file.ts";

const invalid = (error: SyntaxError) => new Error(`bad: ${error.message}`);

Deno.test("readJsonFile: parses a file, and a missing file is undefined", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.json"), '{"n":[1,2]}');
    deepStrictEqual(await readJsonFile(join(dir, "a.json"), invalid), { n: [1, 2] });
    deepStrictEqual(await readJsonFile(join(dir, "missing.json"), invalid), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readJsonFile: invalid JSON throws the caller's error; other read errors pass through", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "broken.json"), "{nope");
    await rejects(readJsonFile(join(dir, "broken.json"), invalid), /^Error: bad: /);
    await rejects(readJsonFile(dir, invalid), (error) => !(error instanceof Deno.errors.NotFound));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

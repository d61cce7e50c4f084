/** Log tail: last n lines of a large file, and following across rotation. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { followFile, lastLines } from "../../../plugins/km/log_tail.ts";

Deno.test("lastLines reads only the end and handles short and missing files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "km-log-" });
  try {
    const path = join(dir, "km.log");
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
    await Deno.writeTextFile(path, lines.join("\n") + "\n");
    assert.deepEqual(await lastLines(path, 3), lines.slice(-3));
    assert.deepEqual(await lastLines(path, 2000), lines.slice(-2000));
    await Deno.writeTextFile(path, "only\n");
    assert.deepEqual(await lastLines(path, 10), ["only"]);
    assert.equal(await lastLines(join(dir, "missing.log"), 10), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("followFile prints appended text and restarts after rotation", async () => {
  const dir = await Deno.makeTempDir({ prefix: "km-follow-" });
  try {
    const path = join(dir, "km.log");
    await Deno.writeTextFile(path, "old\n");
    let seen = "";
    const abort = new AbortController();
    const following = followFile(path, 4, (text) => seen += text, {
      intervalMs: 5,
      signal: abort.signal,
    });
    await Deno.writeTextFile(path, "new 1\n", { append: true });
    while (!seen.includes("new 1")) await new Promise((r) => setTimeout(r, 5));
    await Deno.rename(path, `${path}.1`);
    await Deno.writeTextFile(path, "after\n");
    while (!seen.includes("after")) await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await following;
    assert.equal(seen, "new 1\nafter\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

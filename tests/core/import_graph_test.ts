/**
 * The core never imports from plugins/ or agents/ (STYLE.md rule 2).
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

async function* tsFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* tsFiles(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

Deno.test("core/ imports nothing from plugins/ or agents/", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(join(root, "core"))) {
    const text = await Deno.readTextFile(file);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const specifier = match[1];
      if (!specifier.startsWith(".")) continue;
      const target = relative(root, join(file, "..", specifier));
      if (target.startsWith("plugins/") || target.startsWith("agents/")) {
        offenders.push(`${relative(root, file)} -> ${specifier}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

Deno.test("core/ imports external packages only through deps.ts modules", async () => {
  const offenders: string[] = [];
  for await (const file of tsFiles(join(root, "core"))) {
    if (file.endsWith("deps.ts")) continue;
    const text = await Deno.readTextFile(file);
    if (/from\s+["'](npm:|jsr:|https?:)/.test(text)) offenders.push(relative(root, file));
  }
  assert.deepEqual(offenders, []);
});

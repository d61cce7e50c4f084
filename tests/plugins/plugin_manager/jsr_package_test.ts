/**
 * `verifyCopy`: every file of a jsr: plugin's copy must have the checksum
 * its registry published; a changed byte or a file the registry never
 * listed fails with `PLUGIN_CHANGED`. (Deno checks the same checksums as it
 * loads the modules at `add`; this is the second check, on the copy itself.)
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";
import { bytesDigest } from "../../../core/plugin_host/external/integrity.ts";
import { type JsrPackage, verifyCopy } from "../../../plugins/plugin_manager/jsr_package.ts";

const FILES: Record<string, string> = {
  "/mod.ts": "export default {};\n",
  "/lib/hi.ts": `export const hi = "hi";\n`,
};

async function copyOf(files: Record<string, string>) {
  const root = await Deno.makeTempDir();
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return { root, entry: `file://${root}/mod.ts` };
}

async function published(): Promise<JsrPackage> {
  const checksums: Record<string, string> = {};
  for (const [path, text] of Object.entries(FILES)) {
    checksums[path] = await bytesDigest(new TextEncoder().encode(text));
  }
  return {
    pinned: "jsr:@acme/hello@1.0.0",
    source: {
      kind: "url",
      entry: "https://jsr.io/@acme/hello/1.0.0/mod.ts",
      origin: "jsr.io",
      base: "https://jsr.io/@acme/hello/1.0.0/",
    },
    checksums,
  };
}

Deno.test("a copy whose files have the registry's checksums passes", async () => {
  const code = await copyOf(FILES);
  try {
    await verifyCopy(await published(), code);
  } finally {
    await Deno.remove(code.root, { recursive: true });
  }
});

Deno.test("a changed byte, or a file the registry never listed, fails with PLUGIN_CHANGED", async () => {
  const cases: [Record<string, string>, RegExp][] = [
    [
      { ...FILES, "/lib/hi.ts": `export const hi = "hI";\n` },
      /\/lib\/hi\.ts of jsr:@acme\/hello@1\.0\.0 is not the file the registry published/,
    ],
    [
      { ...FILES, "/extra.ts": "export {};\n" },
      /the registry lists no file \/extra\.ts in jsr:@acme\/hello@1\.0\.0/,
    ],
  ];
  for (const [files, message] of cases) {
    const code = await copyOf(files);
    try {
      await assert.rejects(verifyCopy(await published(), code), (error: unknown) => {
        assert.ok(error instanceof SuperAgentsError);
        assert.equal(error.code, "PLUGIN_CHANGED");
        assert.match(error.message, message);
        return true;
      });
    } finally {
      await Deno.remove(code.root, { recursive: true });
    }
  }
});

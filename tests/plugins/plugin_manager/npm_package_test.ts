/**
 * `packageEntry` and `copyNpmPackage`: an npm: plugin's entry module, found in its package.json
 * the way Deno resolves an import of the package (conditions `deno`, `node`,
 * `import`, `default` in the object's own order, arrays in order, `*`
 * patterns, `main` with Node's fallbacks), without running its code; a
 * target outside the package, or one that is not a file, is refused. The
 * package's files are copied, and a symbolic link or too many files refused.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SuperAgentsError } from "../../../core/errors.ts";
import { copyNpmPackage, packageEntry } from "../../../plugins/plugin_manager/npm_package.ts";

async function packageWith(manifest: unknown, files: string[]): Promise<string> {
  const folder = await Deno.makeTempDir();
  await Deno.writeTextFile(join(folder, "package.json"), JSON.stringify(manifest));
  for (const file of files) {
    await Deno.mkdir(join(folder, file, ".."), { recursive: true });
    await Deno.writeTextFile(join(folder, file), "export {};\n");
  }
  return folder;
}

const FILES = [
  "mod.js",
  "node.js",
  "deno.js",
  "index.js",
  "lib/index.js",
  "sub/a/b.js",
  "plain.js",
];

Deno.test("the entry is the one Deno would import", async () => {
  const cases: [unknown, string, string][] = [
    [{ exports: "./mod.js" }, "", "mod.js"],
    [{ exports: { ".": "./mod.js", "./plain": "./plain.js" } }, "/plain", "plain.js"],
    [{ exports: { node: "./node.js", default: "./mod.js" } }, "", "node.js"],
    [{ exports: { default: "./mod.js", import: "./node.js" } }, "", "mod.js"],
    [{ exports: { require: "./node.js", deno: "./deno.js" } }, "", "deno.js"],
    [{ exports: { ".": { types: "./x.d.ts", import: { node: "./node.js" } } } }, "", "node.js"],
    [{ exports: [{ require: "./node.js" }, "./mod.js"] }, "", "mod.js"],
    [{ exports: { "./*": "./sub/*.js" } }, "/a/b", "sub/a/b.js"],
    [{ main: "lib" }, "", "lib/index.js"],
    [{ main: "mod" }, "", "mod.js"],
    [{ module: "./node.js" }, "", "index.js"], // Deno reads no `module` field
    [{}, "/plain.js", "plain.js"],
  ];
  for (const [manifest, path, expected] of cases) {
    const folder = await packageWith(manifest, FILES);
    try {
      assert.equal(await packageEntry(folder, path, "npm:p"), expected, JSON.stringify(manifest));
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
  }
});

Deno.test("an entry outside the package, missing, or not exported is refused with the reason", async () => {
  const cases: [unknown, string, RegExp][] = [
    [{ exports: "./../../etc/passwd" }, "", /outside its package/],
    [{ exports: "./gone.js" }, "", /which is not a file of the package/],
    [{ exports: { ".": "./mod.js" } }, "/other", /exports no \.\/other a Deno import can load/],
    [{ exports: { require: "./node.js" } }, "", /exports no \. a Deno import can load/],
    [{ exports: "mod.js" }, "", /exports no \. a Deno import can load/], // not "./"-relative
  ];
  for (const [manifest, path, message] of cases) {
    const folder = await packageWith(manifest, FILES);
    try {
      await assert.rejects(packageEntry(folder, path, "npm:p@1.0.0"), (error: unknown) => {
        assert.ok(error instanceof SuperAgentsError);
        assert.equal(error.code, "PLUGIN_BROKEN");
        assert.match(error.message, message);
        assert.ok(error.hint);
        return true;
      }, JSON.stringify(manifest));
    } finally {
      await Deno.remove(folder, { recursive: true });
    }
  }
});

Deno.test("copyNpmPackage copies the package's files; a symbolic link (to a secret outside) or a package too large is refused", async () => {
  const base = await Deno.makeTempDir();
  try {
    const folder = join(base, "pkg");
    await Deno.mkdir(join(folder, "lib"), { recursive: true });
    await Deno.writeTextFile(join(folder, "mod.js"), "export default {};\n");
    await Deno.writeTextFile(join(folder, "lib", "a.js"), "export const a = 1;\n");
    const pkg = { pinned: "npm:p@1.0.0", folder, entry: "mod.js" };
    const copied = await copyNpmPackage(pkg, join(base, "copy"));
    assert.equal(
      await Deno.readTextFile(join(base, "copy", "lib", "a.js")),
      "export const a = 1;\n",
    );
    assert.equal(copied.entry, `file://${join(base, "copy", "mod.js")}`);

    await Deno.writeTextFile(join(base, "secret.txt"), "secret\n");
    await Deno.symlink(join(base, "secret.txt"), join(folder, "lib", "leak.js"));
    await assert.rejects(
      copyNpmPackage(pkg, join(base, "copy2")),
      (error: unknown) => error instanceof SuperAgentsError && error.code === "PLUGIN_SYMLINK",
    );
    await Deno.remove(join(folder, "lib", "leak.js"));

    for (let i = 0; i < 2_001; i++) await Deno.writeTextFile(join(folder, "lib", `f${i}.js`), "");
    await assert.rejects(
      copyNpmPackage(pkg, join(base, "copy3")),
      (error: unknown) => error instanceof SuperAgentsError && error.code === "PLUGIN_TOO_LARGE",
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

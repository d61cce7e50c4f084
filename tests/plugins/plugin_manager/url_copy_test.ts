import assert from "node:assert/strict";
import { copyPath, originalUrl, removeCopy } from "../../../plugins/plugin_manager/url_copy.ts";

const source = {
  kind: "url" as const,
  entry: "http://127.0.0.1:8080/p/mod.ts",
  origin: "127.0.0.1:8080",
  base: "http://127.0.0.1:8080/",
};
const code = { root: "/home/me/.super-agents/plugin-code/x-1", entry: "" };

Deno.test("url copy: a module lands at its path under the copy, and maps back to its URL", () => {
  assert.equal(
    copyPath(source, code, "http://127.0.0.1:8080/p/lib/a%20b.ts"),
    `${code.root}/p/lib/a b.ts`,
  );
  assert.equal(
    originalUrl(source, code, `file://${code.root}/p/lib/a%20b.ts`),
    "http://127.0.0.1:8080/p/lib/a%20b.ts",
  );
});

Deno.test("url copy: a path that leaves the copy, the base itself, a query or a fragment is refused", () => {
  for (
    const url of [
      "http://127.0.0.1:8080/",
      "http://127.0.0.1:8080/p/mod.ts?v=2",
      "http://127.0.0.1:8080/p/mod.ts#x",
      "http://127.0.0.1:8080/p/..%2f..%2f..%2fescape.ts",
    ]
  ) {
    assert.throws(() => copyPath(source, code, url), /could not be loaded/, url);
  }
  // The URL parser folds an encoded `..` before the path is read: it stays inside the copy.
  assert.equal(
    copyPath(source, code, "http://127.0.0.1:8080/%2e%2e/%2e%2e/etc/passwd"),
    `${code.root}/etc/passwd`,
  );
});

Deno.test("url copy: only a copy in the data home's plugin-code folder is ever removed", async () => {
  const home = await Deno.makeTempDir({ prefix: "sa-copy-" });
  try {
    const ours = `${home}/plugin-code/x-1`;
    const theirs = `${home}/elsewhere`;
    await Deno.mkdir(ours, { recursive: true });
    await Deno.mkdir(theirs);
    await removeCopy({ root: theirs, entry: `file://${theirs}/mod.ts` }, home);
    await removeCopy({ root: "relative/path", entry: "file:///x" }, home);
    assert.ok((await Deno.stat(theirs)).isDirectory, "a path recorded elsewhere is left alone");
    await removeCopy({ root: ours, entry: `file://${ours}/mod.ts` }, home);
    await assert.rejects(Deno.stat(ours), Deno.errors.NotFound);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("url copy: a base URL with an encoded character maps its modules to the right files", () => {
  const spaced = {
    ...source,
    entry: "http://127.0.0.1:8080/my%20plugin/mod.ts",
    base: "http://127.0.0.1:8080/my%20plugin/",
  };
  assert.equal(
    copyPath(spaced, code, "http://127.0.0.1:8080/my%20plugin/lib/a.ts"),
    `${code.root}/lib/a.ts`,
  );
  assert.throws(
    () => copyPath(spaced, code, "http://127.0.0.1:8080/other/a.ts"),
    /leaves the plugin's base URL/,
  );
});

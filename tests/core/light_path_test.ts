/**
 * `core/light_path.ts` must agree with `node:path` (posix and win32) on the
 * paths the start-up modules build; any disagreement names the input.
 * @module
 */

import { strictEqual as assertEquals } from "node:assert/strict";
import posix from "node:path/posix";
import win32 from "node:path/win32";
import {
  basenameWith,
  dirnameWith,
  joinWith,
  normalizeWith,
  type PathFlavour,
  posixFlavour,
  resolveWith,
  windowsFlavour,
} from "../../core/light_path.ts";

const posixPaths = [
  "",
  ".",
  "..",
  "/",
  "a",
  "a/",
  "/a",
  "/a/",
  "/a/b",
  "a/b/c",
  "a/./b",
  "a/../b",
  "../a",
  "a/../..",
  "/..",
  "/a/../../b",
  "a//b",
  "/a/b/",
  "a/b/..",
  "./a",
  "/repo/.claude/state",
  "/home/u/.super-agents",
  "a\\b",
  "x.db-wal",
  "/a b/c d",
];

const windowsPaths = [
  "",
  ".",
  "a",
  "a\\",
  "a/b",
  "a\\b\\c",
  "C:\\",
  "C:\\a",
  "C:\\a\\",
  "C:/a/b",
  "C:\\a\\..\\b",
  "C:\\..\\a",
  "\\a\\b",
  "\\\\server\\share",
  "\\\\server\\share\\x\\y",
  "a\\..\\..",
  "C:\\Users\\u\\.super-agents",
  "a/./b",
];

function compare(
  label: string,
  flavour: PathFlavour,
  node: typeof posix,
  paths: string[],
): void {
  for (const path of paths) {
    assertEquals(normalizeWith(flavour, path), node.normalize(path), `${label} normalize(${path})`);
    assertEquals(dirnameWith(flavour, path), node.dirname(path), `${label} dirname(${path})`);
    assertEquals(basenameWith(flavour, path), node.basename(path), `${label} basename(${path})`);
    // Node's win32 join of a drive or UNC path onto another path yields `.\\C:\\`-style
    // oddities that no caller relies on; those pairs are left out.
    for (const other of paths.filter((p) => node === posix || !/^[A-Za-z]:|^[\\/]{2}/.test(p))) {
      assertEquals(
        joinWith(flavour, [path, other]),
        node.join(path, other),
        `${label} join(${path}, ${other})`,
      );
    }
  }
}

Deno.test("light_path matches node:path/posix", () => {
  compare("posix", posixFlavour, posix, posixPaths);
  assertEquals(joinWith(posixFlavour, []), posix.join());
  assertEquals(joinWith(posixFlavour, ["a", "", "b"]), posix.join("a", "", "b"));
});

Deno.test("light_path matches node:path/win32", () => {
  compare("win32", windowsFlavour, win32 as typeof posix, windowsPaths);
});

Deno.test("light_path resolve matches node:path against a fixed cwd", () => {
  const cwdPosix: PathFlavour = { ...posixFlavour, cwd: () => "/work/dir" };
  for (const parts of [["a"], ["/x", "y"], ["/x", "/y", "z/.."], [], [""], ["a/", "b/"], ["/"]]) {
    assertEquals(
      resolveWith(cwdPosix, parts),
      posix.resolve("/work/dir", ...parts),
      `resolve(${parts.join(", ")})`,
    );
  }
  const cwdWindows: PathFlavour = { ...windowsFlavour, cwd: () => "D:\\work\\dir" };
  for (const parts of [["a"], ["C:\\x", "y"], ["\\x"], ["C:\\x", "D:\\y", "z\\.."], ["a\\"]]) {
    assertEquals(
      resolveWith(cwdWindows, parts),
      win32.resolve("D:\\work\\dir", ...parts),
      `resolve(${parts.join(", ")})`,
    );
  }
});

import assert from "node:assert/strict";
import { splitCommand } from "../../../agents/tools/bash_tool.ts";
import { globToRegExp } from "../../../agents/tools/glob_pattern.ts";

Deno.test("command lines split like a shell would, quotes included", () => {
  assert.deepEqual(splitCommand(`git log --format="%h %s" -n 3`), [
    "git",
    "log",
    "--format=%h %s",
    "-n",
    "3",
  ]);
  assert.deepEqual(splitCommand(`echo 'a b' "c \\"d\\"" e\\ f ''`), [
    "echo",
    "a b",
    'c "d"',
    "e f",
    "",
  ]);
  assert.throws(() => splitCommand(`echo "open`), /unterminated quote/);
});

Deno.test("globs: ** spans directories, * stays in one, bare names match at any depth", () => {
  assert.ok(globToRegExp("src/**/*.ts").test("src/a.ts"));
  assert.ok(globToRegExp("src/**/*.ts").test("src/x/y/a.ts"));
  assert.ok(!globToRegExp("src/*.ts").test("src/x/a.ts"));
  assert.ok(globToRegExp("*.{md,txt}").test("docs/a.txt"));
  assert.ok(!globToRegExp("*.md").test("a.mdx"));
});

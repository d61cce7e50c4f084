/**
 * The one glob grammar (the agents' Glob/Grep tools, the checks' forbidden
 * paths and allow-lists).
 */
import assert from "node:assert/strict";
import { globToRegExp, matchesAny } from "../../../core/fs/glob_pattern.ts";

Deno.test("globs: ** spans directories, * stays in one, bare names match at any depth", () => {
  assert.ok(globToRegExp("src/**/*.ts").test("src/a.ts"));
  assert.ok(globToRegExp("src/**/*.ts").test("src/x/y/a.ts"));
  assert.ok(!globToRegExp("src/*.ts").test("src/x/a.ts"));
  assert.ok(globToRegExp("*.{md,txt}").test("docs/a.txt"));
  assert.ok(!globToRegExp("*.md").test("a.mdx"));
  assert.ok(globToRegExp("docs/**").test("docs/a/b.md"));
  assert.ok(globToRegExp("a?c").test("x/abc"));
  assert.ok(!globToRegExp("a?c").test("a/c"));
});

Deno.test("globs: a leading / or ./ anchors at the root; a / anywhere matches the whole path", () => {
  assert.ok(globToRegExp("/secrets/*").test("secrets/key"));
  assert.ok(!globToRegExp("/secrets/*").test("app/secrets/key"));
  assert.ok(globToRegExp("./src/*.ts").test("src/a.ts"));
  assert.ok(!globToRegExp("src/*.ts").test("app/src/a.ts"));
  assert.ok(globToRegExp(".env").test("config/.env"));
  assert.ok(!globToRegExp(".env").test("config/x.env"));
});

Deno.test("globs: braces nest and hold globs; an unclosed brace and regex characters are literal", () => {
  assert.ok(globToRegExp("*.{pem,key}").test("certs/a.key"));
  assert.ok(globToRegExp("{src/**/*.ts,*.md}").test("src/x/a.ts"));
  assert.ok(globToRegExp("{src/**/*.ts,*.md}").test("README.md"));
  assert.ok(globToRegExp("a.{b,{c,d}}").test("a.d"));
  assert.ok(globToRegExp("a{b").test("a{b"));
  assert.ok(globToRegExp("x,y}").test("x,y}"));
  assert.ok(globToRegExp("(a)+[b].txt").test("(a)+[b].txt"));
  assert.ok(!globToRegExp("a.txt").test("abtxt"));
});

Deno.test("matchesAny: any glob of the list", () => {
  assert.ok(matchesAny("config/.env", [".env"]));
  assert.ok(!matchesAny("src/a.ts", ["docs/**"]));
  assert.ok(matchesAny("src/a.ts", ["docs/**", "src/*"]));
  assert.ok(!matchesAny("src/a.ts", []));
  assert.equal(globToRegExp("*.ts"), globToRegExp("*.ts")); // compiled once
});

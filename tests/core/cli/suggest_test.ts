import assert from "node:assert/strict";
import { closestMatch, editDistance } from "../../../core/cli/suggest.ts";

Deno.test("editDistance counts insertions, deletions, substitutions and swaps", () => {
  assert.equal(editDistance("status", "status"), 0);
  assert.equal(editDistance("stauts", "status"), 1);
  assert.equal(editDistance("stauts", "start"), 2);
  assert.equal(editDistance("jsno", "json"), 1);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("a swapped pair beats a command listed earlier: stauts is status, not start", () => {
  assert.equal(closestMatch("stauts", ["start", "status", "stop"]), "status");
  assert.equal(closestMatch("jsno", ["debug", "json", "no-color"]), "json");
});

Deno.test("closestMatch suggests likely typos and prefixes, not unrelated words", () => {
  const commands = ["status", "start", "stop", "init", "uninstall"];
  assert.equal(closestMatch("stauts", commands), "status");
  assert.equal(closestMatch("unin", commands), "uninstall");
  assert.equal(closestMatch("deploy", commands), undefined);
});

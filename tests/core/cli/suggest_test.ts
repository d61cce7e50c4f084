import assert from "node:assert/strict";
import { closestMatch, editDistance } from "../../../core/cli/suggest.ts";

Deno.test("editDistance counts insertions, deletions and substitutions", () => {
  assert.equal(editDistance("status", "status"), 0);
  assert.equal(editDistance("stauts", "status"), 2);
  assert.equal(editDistance("", "abc"), 3);
});

Deno.test("closestMatch suggests likely typos and prefixes, not unrelated words", () => {
  const commands = ["status", "start", "stop", "init", "uninstall"];
  assert.equal(closestMatch("stauts", commands), "status");
  assert.equal(closestMatch("unin", commands), "uninstall");
  assert.equal(closestMatch("deploy", commands), undefined);
});

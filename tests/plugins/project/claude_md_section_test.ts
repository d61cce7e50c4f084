import assert from "node:assert/strict";
import { claudeMdTarget, SECTION_END } from "../../../plugins/project/claude_md_section.ts";

const target = claudeMdTarget("CLAUDE.md", "## super-agents\nbody");

Deno.test("apply appends after a blank line and keeps the user's bytes", () => {
  const user = "# Mine\n\nNotes ü\n";
  const out = target.apply(user);
  assert.ok(out.startsWith(user + "\n<!-- super-agents:begin"));
  assert.ok(out.endsWith(`${SECTION_END}\n`));
  assert.equal(target.remove(out), user);
});

Deno.test("apply replaces an existing section in place (upgrade)", () => {
  const first = target.apply("before\n") + "after\n";
  const newer = claudeMdTarget("CLAUDE.md", "## super-agents\nnew body");
  const out = newer.apply(first);
  assert.ok(out.startsWith("before\n\n"));
  assert.ok(out.endsWith("after\n"));
  assert.ok(out.includes("new body") && !out.includes("\nbody\n"));
});

Deno.test("extract returns the section; a file of ours only is removed entirely", () => {
  const created = target.apply(undefined);
  assert.equal(target.extract(created), created);
  assert.equal(target.extract("no section"), undefined);
  assert.equal(target.remove(created), undefined);
});

Deno.test("a begin marker without an end marker is a clear error", () => {
  const damaged = target.apply("x\n").replace(SECTION_END, "");
  assert.throws(() => target.apply(damaged), /no end marker/);
});

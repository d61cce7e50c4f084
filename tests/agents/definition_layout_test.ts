/** The two frontmatter layouts of an agent file parse to the same definition and permissions digest. */

import assert from "node:assert/strict";
import { parseAgentDefinition } from "../../agents/definition.ts";
import {
  effectivePermissions,
  permissionsDigest,
} from "../../agents/trust/effective_permissions.ts";
import { hasTopLevelExtensions, toNamespacedLayout } from "../../core/agent_file_layout.ts";
import { agentTemplates } from "../../templates/agents/mod.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../fixtures/agents/${name}.old-layout.md`, import.meta.url));
const source = { kind: "project" as const, file: ".claude/agents/x.md" };

for (const name of ["reviewer-agent", "developer-agent"]) {
  Deno.test(`${name}: the old layout parses to the shipped (namespaced) definition`, () => {
    const old = parseAgentDefinition(fixture(name), source);
    const shipped = parseAgentDefinition(agentTemplates[`${name}.md`], source);
    assert.deepEqual(old, shipped);
    assert.equal(
      permissionsDigest(effectivePermissions(old)),
      permissionsDigest(effectivePermissions(shipped)),
    );
  });

  Deno.test(`${name}: migrating the old layout gives the shipped file byte for byte`, () => {
    assert.equal(hasTopLevelExtensions(fixture(name)), true);
    assert.equal(toNamespacedLayout(fixture(name)), agentTemplates[`${name}.md`]);
  });
}

Deno.test("every shipped agent file keeps only Claude Code's fields at the top level", () => {
  for (const [file, text] of Object.entries(agentTemplates)) {
    assert.equal(hasTopLevelExtensions(text), false, file);
    assert.match(text, /\nsuper-agents:\n/, file);
  }
});

Deno.test("a field given both at the top level and under super-agents is refused", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\ntimeout: 5m\n" +
    "super-agents:\n  timeout: 10m\n---\nDo it.\n";
  assert.throws(() => parseAgentDefinition(text, source), /"timeout" is given both/);
});

Deno.test("an unknown field under super-agents is reported with its name", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\n" +
    "super-agents:\n  timout: 5m\n---\nDo it.\n";
  assert.throws(() => parseAgentDefinition(text, source), /field "timout": unknown field/);
});

Deno.test("migration keeps a user's edit and comments and moves them under super-agents", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\n" +
    "timeout: 7m # my edit\nmodel: opus\n---\nBody\n";
  const migrated = toNamespacedLayout(text);
  assert.equal(
    migrated,
    "---\nname: x-agent\ndescription: does a thing well\nmodel: opus\n" +
      "super-agents:\n  timeout: 7m # my edit\n---\nBody\n",
  );
  assert.equal(parseAgentDefinition(migrated, source).timeout, 7 * 60_000);
  assert.equal(toNamespacedLayout(migrated), migrated);
});

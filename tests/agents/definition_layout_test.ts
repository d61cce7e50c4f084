/**
 * The three frontmatter layouts of an agent file (our fields at the top level,
 * under a top-level `super-agents:`, and the current `experimental:
 * super-agents:`) parse to the same definition and permissions digest, and
 * `toNamespacedLayout` turns the two old ones into the shipped file.
 */

import assert from "node:assert/strict";
import { parseAgentDefinition } from "../../agents/definition.ts";
import {
  effectivePermissions,
  permissionsDigest,
} from "../../agents/trust/effective_permissions.ts";
import { toNamespacedLayout, usesOldLayout } from "../../core/agent_file_layout.ts";
import { agentTemplates } from "../../templates/agents/mod.ts";

const fixture = (name: string, layout = "old") =>
  Deno.readTextFileSync(new URL(`../fixtures/agents/${name}.${layout}-layout.md`, import.meta.url));
const source = { kind: "project" as const, file: ".claude/agents/x.md" };

for (
  const [name, layout] of [
    ["reviewer-agent", "old"],
    ["developer-agent", "old"],
    ["reviewer-agent", "namespaced"],
    ["developer-agent", "namespaced"],
  ]
) {
  Deno.test(`${name}: the ${layout} layout parses to the shipped definition`, () => {
    const old = parseAgentDefinition(fixture(name, layout), source);
    const shipped = parseAgentDefinition(agentTemplates[`${name}.md`], source);
    assert.deepEqual(old, shipped);
    assert.equal(
      permissionsDigest(effectivePermissions(old)),
      permissionsDigest(effectivePermissions(shipped)),
    );
  });

  Deno.test(`${name}: migrating the ${layout} layout gives the shipped file byte for byte`, () => {
    assert.equal(usesOldLayout(fixture(name, layout)), true);
    assert.equal(toNamespacedLayout(fixture(name, layout)), agentTemplates[`${name}.md`]);
  });
}

Deno.test("every shipped agent file keeps only Claude Code's fields at the top level", () => {
  for (const [file, text] of Object.entries(agentTemplates)) {
    assert.equal(usesOldLayout(text), false, file);
    assert.match(text, /\nexperimental:\n {2}super-agents:\n/, file);
    assert.equal(toNamespacedLayout(text), text, file);
  }
});

Deno.test("a field given in two places is refused, naming both", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\ntimeout: 5m\n" +
    "super-agents:\n  timeout: 10m\n---\nDo it.\n";
  assert.throws(() => parseAgentDefinition(text, source), /"timeout" is given both/);
  const nested = "---\nname: x-agent\ndescription: does a thing well\n" +
    "super-agents:\n  timeout: 10m\nexperimental:\n  super-agents:\n    timeout: 5m\n---\nDo it.\n";
  assert.throws(
    () => parseAgentDefinition(nested, source),
    /"timeout" is given both under "experimental.super-agents" and under "super-agents"/,
  );
});

Deno.test("experimental or its super-agents entry that is not a mapping is refused with the file named", () => {
  for (
    const bad of ["experimental: 3", "experimental: [a]", "experimental:\n  super-agents: yes"]
  ) {
    const text = `---\nname: x-agent\ndescription: does a thing well\n${bad}\n---\nDo it.\n`;
    assert.throws(
      () => parseAgentDefinition(text, source),
      /\.claude\/agents\/x\.md: .*must be a mapping/,
      bad,
    );
  }
});

Deno.test("Claude Code's own experimental options beside ours are kept in the file and ignored by us", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\nexperimental:\n" +
    "  cacheTtl: 1h\n  super-agents:\n    timeout: 5m\n---\nDo it.\n";
  assert.equal(parseAgentDefinition(text, source).timeout, 5 * 60_000);
  assert.equal(usesOldLayout(text), false);
  const old = "---\nname: x-agent\ndescription: does a thing well\ntimeout: 5m\n" +
    "experimental:\n  cacheTtl: 1h\n---\nDo it.\n";
  assert.equal(
    toNamespacedLayout(old),
    "---\nname: x-agent\ndescription: does a thing well\nexperimental:\n" +
      "  cacheTtl: 1h\n  super-agents:\n    timeout: 5m\n---\nDo it.\n",
  );
});

Deno.test("an unknown field under experimental.super-agents is reported with its name", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\n" +
    "experimental:\n  super-agents:\n    timout: 5m\n---\nDo it.\n";
  assert.throws(() => parseAgentDefinition(text, source), /field "timout": unknown field/);
});

Deno.test("migration keeps a user's edit and comments and moves them under experimental.super-agents", () => {
  const text = "---\nname: x-agent\ndescription: does a thing well\n" +
    "timeout: 7m # my edit\nmodel: opus\n---\nBody\n";
  const migrated = toNamespacedLayout(text);
  assert.equal(
    migrated,
    "---\nname: x-agent\ndescription: does a thing well\nmodel: opus\n" +
      "experimental:\n  super-agents:\n    timeout: 7m # my edit\n---\nBody\n",
  );
  assert.equal(parseAgentDefinition(migrated, source).timeout, 7 * 60_000);
  assert.equal(toNamespacedLayout(migrated), migrated);
});

/**
 * Effective permissions: normalised so equal grants compare and hash equal,
 * and the digest changes with every grant that widens what an agent can do.
 */
import assert from "node:assert/strict";
import { parseAgentDefinition } from "../../../agents/definition.ts";
import {
  canonicalJson,
  effectivePermissions,
  permissionsDigest,
} from "../../../agents/trust/effective_permissions.ts";

function agent(frontmatter: string) {
  return parseAgentDefinition(
    `---\nname: probe-agent\ndescription: An agent for the permission tests.\n${frontmatter}---\n\nx\n`,
    { kind: "project", file: ".claude/agents/probe-agent.md" },
  );
}

Deno.test("effective permissions: defaults, normalised paths, sorted lists, provider", () => {
  const effective = effectivePermissions(
    agent(
      "tools: Read, Bash, Read\npermissions:\n  write: [./src/, docs]\n  run: [sh, git]\n" +
        "mcpServers: [github, { local: { command: x } }]\nprovider: local\n",
    ),
  );
  assert.deepEqual(effective, {
    read: ["."],
    write: ["docs", "src"],
    net: [],
    run: ["git", "sh"],
    env: [],
    tools: ["Bash", "Read"],
    mcpServers: ["github", '{"local":{"command":"x"}}'],
    provider: "local",
  });
  const plain = effectivePermissions(agent("tools: Read\n"));
  assert.equal(plain.provider, "anthropic");
  assert.deepEqual(plain.write, []);
});

Deno.test("digest: equal grants written differently hash equal; any widening changes it", () => {
  const a = permissionsDigest(
    effectivePermissions(agent("tools: Read, Grep\npermissions:\n  run: [git, sh]\n")),
  );
  const b = permissionsDigest(
    effectivePermissions(
      agent("tools: [Grep, Read]\npermissions:\n  run: [sh, git]\n  write: false\n"),
    ),
  );
  assert.equal(a, b);
  assert.match(a, /^sha256:[0-9a-f]{64}$/);
  const widened = [
    "tools: Read, Grep\npermissions:\n  run: [git, sh, curl]\n",
    "tools: Read, Grep, Write\npermissions:\n  run: [git, sh]\n",
    "tools: Read, Grep\npermissions:\n  run: [git, sh]\n  net: true\n",
    "tools: Read, Grep\npermissions:\n  run: [git, sh]\nprovider: claude-code\n",
    "tools: Read, Grep\npermissions:\n  run: [git, sh]\nmcpServers: [github]\n",
  ];
  for (const front of widened) {
    assert.notEqual(permissionsDigest(effectivePermissions(agent(front))), a, front);
  }
});

Deno.test("canonicalJson sorts keys at every level and keeps array order", () => {
  assert.equal(
    canonicalJson({ b: [2, 1], a: { d: 1, c: null } }),
    '{"a":{"c":null,"d":1},"b":[2,1]}',
  );
});

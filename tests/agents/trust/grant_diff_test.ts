/**
 * The subset rule and the difference of effective permissions: paths by
 * containment (never `..`), hosts with and without ports, environment
 * wildcards, tools and MCP servers, `true` grants and the provider.
 */
import assert from "node:assert/strict";
import {
  type EffectivePermissions,
  NO_PERMISSIONS,
} from "../../../agents/trust/effective_permissions.ts";
import { describeGrants, grantDiff, isWithin } from "../../../agents/trust/grant_diff.ts";

function grants(overrides: Partial<EffectivePermissions>): EffectivePermissions {
  return {
    read: ["."],
    write: [],
    net: [],
    run: ["git"],
    env: [],
    tools: ["Bash", "Read"],
    mcpServers: [],
    provider: "anthropic",
    ...overrides,
  };
}

Deno.test("grantDiff: a widened run and write grant is named item by item", () => {
  const diff = grantDiff(grants({ run: ["git", "sh"], write: ["."] }), grants({}));
  assert.deepEqual(diff.widened, ["write: +.", "run: +sh"]);
  assert.deepEqual(diff.narrowed, []);
});

Deno.test("grantDiff: narrowing is reported and stays within", () => {
  const narrowed = grants({ run: [], tools: ["Read"] });
  const diff = grantDiff(narrowed, grants({}));
  assert.deepEqual(diff.widened, []);
  assert.deepEqual(diff.narrowed, ["run: -git", "tools: -Bash"]);
  assert.equal(isWithin(narrowed, grants({})), true);
});

Deno.test("paths: a subdirectory is within its parent; `..` and absolute paths are not within `.`", () => {
  const base = grants({ write: ["src"] });
  assert.equal(isWithin(grants({ write: ["src/lib", "src"] }), base), true);
  assert.equal(isWithin(grants({ write: ["src/../src/x"] }), base), true);
  assert.deepEqual(grantDiff(grants({ write: ["srcfoo"] }), base).widened, ["write: +srcfoo"]);
  const whole = grants({ write: ["."] });
  assert.deepEqual(grantDiff(grants({ write: [".."] }), whole).widened, ["write: +.."]);
  assert.deepEqual(grantDiff(grants({ read: ["/etc"] }), grants({})).widened, ["read: +/etc"]);
  assert.equal(isWithin(grants({ read: ["/etc/hosts"] }), grants({ read: ["/etc"] })), true);
});

Deno.test("true covers everything and is never within a list", () => {
  assert.deepEqual(grantDiff(grants({ net: true }), grants({ net: ["a.example"] })).widened, [
    "net: +all",
  ]);
  assert.equal(isWithin(grants({ net: ["a.example"] }), grants({ net: true })), true);
  assert.deepEqual(grantDiff(grants({ net: [] }), grants({ net: true })).narrowed, ["net: -all"]);
});

Deno.test("hosts: a bare host covers its ports; a host:port covers only itself", () => {
  assert.equal(
    isWithin(grants({ net: ["api.example.com:443"] }), grants({ net: ["api.example.com"] })),
    true,
  );
  assert.deepEqual(
    grantDiff(grants({ net: ["api.example.com"] }), grants({ net: ["api.example.com:443"] }))
      .widened,
    ["net: +api.example.com"],
  );
  assert.deepEqual(
    grantDiff(grants({ net: ["evil.example.com:443"] }), grants({ net: ["api.example.com"] }))
      .widened,
    ["net: +evil.example.com:443"],
  );
});

Deno.test("env wildcards, tools and MCP servers", () => {
  assert.equal(isWithin(grants({ env: ["AWS_REGION"] }), grants({ env: ["AWS_*"] })), true);
  assert.deepEqual(grantDiff(grants({ env: ["HOME"] }), grants({ env: ["AWS_*"] })).widened, [
    "env: +HOME",
  ]);
  assert.equal(
    isWithin(grants({ tools: ["mcp__github__create_issue"] }), grants({ tools: ["mcp__github"] })),
    true,
  );
  assert.deepEqual(grantDiff(grants({ tools: ["Bash", "Write"] }), grants({})).widened, [
    "tools: +Write",
  ]);
  assert.deepEqual(grantDiff(grants({ mcpServers: ["github"] }), grants({})).widened, [
    "mcpServers: +github",
  ]);
});

Deno.test("a changed provider widens; a new agent's provider is listed as added", () => {
  assert.deepEqual(grantDiff(grants({ provider: "claude-code" }), grants({})).widened, [
    "provider: anthropic → claude-code",
  ]);
  const fresh = grantDiff(grants({}), NO_PERMISSIONS).widened;
  assert.deepEqual(fresh, [
    "read: +.",
    "run: +git",
    "tools: +Bash",
    "tools: +Read",
    "provider: +anthropic",
  ]);
});

Deno.test("describeGrants lists every grant", () => {
  assert.deepEqual(describeGrants(grants({ net: true })), [
    "read: .",
    "write: none",
    "net: all",
    "run: git",
    "env: none",
    "tools: Bash, Read",
    "mcpServers: none",
    "provider: anthropic",
  ]);
});

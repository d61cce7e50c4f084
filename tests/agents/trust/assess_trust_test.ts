/**
 * The trust rule: built-in agents and project files within their template
 * run; a trusted record lets wider grants run; anything beyond both is
 * untrusted (widened, or new), with an error naming the grants and the fix.
 */
import assert from "node:assert/strict";
import { type AgentDefinition, parseAgentDefinition } from "../../../agents/definition.ts";
import { assessTrust, untrustedError } from "../../../agents/trust/assess_trust.ts";
import {
  effectivePermissions,
  permissionsDigest,
} from "../../../agents/trust/effective_permissions.ts";
import type { TrustRecord } from "../../../agents/trust/trust_store.ts";

const FILE = "/p/.claude/agents/reviewer-agent.md";

function definition(
  extra: string,
  kind: "project" | "shipped" = "project",
  name = "reviewer-agent",
): AgentDefinition {
  return parseAgentDefinition(
    `---\nname: ${name}\ndescription: Reviews changes for the trust tests.\ntools: Read, Bash\n${extra}---\n\nReview.\n`,
    { kind, file: kind === "project" ? FILE : `templates/agents/${name}.md` },
  );
}

const template = definition("permissions:\n  run: [git]\n", "shipped");

function record(agent: AgentDefinition): TrustRecord {
  const permissions = effectivePermissions(agent);
  return {
    digest: permissionsDigest(permissions),
    permissions,
    trustedAt: "2026-12-01T00:00:00.000Z",
    file: ".claude/agents/reviewer-agent.md",
  };
}

Deno.test("shipped agents and project files within their template are builtin", () => {
  assert.equal(assessTrust(template, undefined, undefined).state, "builtin");
  const same = assessTrust(definition("permissions:\n  run: [git]\n"), template, undefined);
  assert.equal(same.state, "builtin");
  assert.equal(same.runnable, true);
  const narrowed = assessTrust(definition("permissions:\n  run: []\n"), template, undefined);
  assert.equal(narrowed.state, "builtin");
  assert.deepEqual(narrowed.narrowed, ["run: -git"]);
});

Deno.test("a widened project file is untrusted, and the error names grants and fix", () => {
  const widened = definition("permissions:\n  run: [git, sh]\n  write: [.]\n");
  const verdict = assessTrust(widened, template, undefined);
  assert.equal(verdict.state, "untrusted-widened");
  assert.equal(verdict.runnable, false);
  assert.equal(verdict.against, "builtin");
  assert.deepEqual(verdict.widened, ["write: +.", "run: +sh"]);
  const error = untrustedError(verdict);
  assert.equal(error.code, "AGENT_UNTRUSTED");
  assert.match(
    error.message,
    /reviewer-agent is untrusted: .*reviewer-agent\.md grants more than the built-in template \(write: \+\., run: \+sh\)/,
  );
  assert.match(error.hint ?? "", /super-agents agents trust reviewer-agent/);
});

Deno.test("a trusted record lets the same or narrower grants run, not wider ones", () => {
  const widened = definition("permissions:\n  run: [git, sh]\n  write: [.]\n");
  const trusted = record(widened);
  assert.equal(assessTrust(widened, template, trusted).state, "trusted");
  const narrower = definition("permissions:\n  run: [git, sh]\n  write: [src]\n");
  assert.equal(assessTrust(narrower, template, trusted).state, "trusted");
  const wider = definition("permissions:\n  run: [git, sh, curl]\n  write: [.]\n");
  const verdict = assessTrust(wider, template, trusted);
  assert.equal(verdict.state, "untrusted-widened");
  assert.equal(verdict.runnable, false);
  assert.equal(verdict.against, "trusted");
  assert.deepEqual(verdict.widened, ["run: +curl"]);
  assert.match(
    untrustedError(verdict).message,
    /grants more than the grants you trusted \(run: \+curl\)/,
  );
});

Deno.test("a project agent without a template or record is new and does not run", () => {
  const fresh = definition("", "project", "release-agent");
  const verdict = assessTrust(fresh, undefined, undefined);
  assert.equal(verdict.state, "new");
  assert.equal(verdict.runnable, false);
  assert.ok(verdict.widened.includes("tools: +Bash"));
  assert.match(untrustedError(verdict).message, /is a new agent whose grants were never trusted/);
  assert.equal(assessTrust(fresh, undefined, record(fresh)).state, "trusted");
});

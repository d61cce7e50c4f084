import assert from "node:assert/strict";
import { parseAgentDefinition } from "../../agents/definition.ts";
import { SuperAgentsError } from "../../core/errors.ts";

const source = { kind: "project" as const, file: ".claude/agents/x.md" };

function file(front: string, body = "Do the work carefully.\n"): string {
  return `---\n${front}\n---\n\n${body}`;
}

const base = "name: my-agent\ndescription: Reviews code changes for problems.";

function rejects(text: string, pattern: RegExp, hint?: RegExp): SuperAgentsError {
  try {
    parseAgentDefinition(text, source);
  } catch (error) {
    assert.ok(error instanceof SuperAgentsError);
    assert.equal(error.code, "AGENT_INVALID");
    assert.match(error.message, /^\.claude\/agents\/x\.md: /, "names the file");
    assert.match(error.message, pattern);
    if (hint) assert.match(error.hint ?? "", hint);
    return error;
  }
  assert.fail("expected the definition to be rejected");
}

Deno.test("a Claude Code subagent file parses with our defaults", () => {
  const agent = parseAgentDefinition(
    file(`${base}\ntools: Read, Grep, Glob\nmodel: haiku`),
    source,
  );
  assert.equal(agent.name, "my-agent");
  assert.deepEqual(agent.tools, ["Read", "Grep", "Glob"]);
  assert.equal(agent.model, "haiku");
  assert.equal(agent.version, "my-agent_unversioned");
  assert.deepEqual(agent.permissions, {
    read: ["."],
    write: false,
    net: false,
    run: false,
    env: false,
  });
  assert.equal(agent.timeout, 600_000);
  assert.equal(agent.prompt, "Do the work carefully.");
});

Deno.test("extensions: version, permissions, triggers, budget, timeout, thinking, provider", () => {
  const agent = parseAgentDefinition(
    file(`${base}
tools: [Read, Bash]
disallowedTools: Bash
model: claude-sonnet-5-5
version: my-agent_20261128
permissions: { write: [src], run: [git] }
triggers: { git: [pre-commit], events: [task.completed] }
mcpServers: [super-agents]
timeout: 90s
budget: { tokens: 1000, costUsd: 0.5 }
maxTurns: 7
provider: local
thinking: { budgetTokens: 2048 }`),
    source,
  );
  assert.deepEqual(agent.tools, ["Read"]);
  assert.equal(agent.model, "claude-sonnet-5-5");
  assert.equal(agent.version, "my-agent_20261128");
  assert.deepEqual(agent.permissions.write, ["src"]);
  assert.deepEqual(agent.triggers.git, ["pre-commit"]);
  assert.equal(agent.timeout, 90_000);
  assert.deepEqual(agent.budget, { tokens: 1000, costUsd: 0.5, turns: 7 });
  assert.equal(agent.provider, "local");
  assert.deepEqual(agent.thinking, { type: "enabled", budgetTokens: 2048 });
});

Deno.test("errors name the file, the field and the fix", () => {
  rejects("no frontmatter here", /no YAML frontmatter/, /start the file with a `---` line/);
  rejects(file(`${base}\ntools: [Read`), /YAML syntax error/, /fix the YAML/);
  rejects(file(`${base}\ntool: Read`), /field "tool": unknown field/, /did you mean "tools"\?/);
  rejects(
    file(`${base}\ntools: Read, Fetch`),
    /field "tools": unknown tool "Fetch"/,
    /Claude Code tool names/,
  );
  rejects(file(`${base}\nmodel: gpt-4`), /field "model"/, /opus, sonnet, haiku, inherit/);
  rejects(
    file(`${base}\nversion: other_20261128`),
    /field "version": "other_20261128" does not start/,
  );
  rejects(file(`${base}\nversion: my-agent_20261340`), /not a calendar date/);
  rejects(file(`${base}\ntimeout: soon`), /field "timeout"/, /"90s"/);
  rejects(file(`${base}\npermissions: { write: yes-please }`), /field "permissions.write"/);
  rejects(
    file("description: no name here at all"),
    /field "name": is required/,
    /add a "name:" line/,
  );
  rejects(file(base, "   \n"), /field "body": the system prompt is empty/);
});

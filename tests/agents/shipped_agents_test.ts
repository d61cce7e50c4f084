/**
 * Every shipped agent file (templates and plugin-contributed) validates, and
 * works as a Claude Code subagent: only frontmatter fields Claude Code knows
 * or ignores (our extensions), only tool names Claude Code accepts, a model
 * alias it understands, a prompt written for that agent's job.
 */
import { CONTAINER_KEY, NAMESPACE_KEY, NAMESPACE_PATH } from "../../core/agent_file_layout.ts";
import assert from "node:assert/strict";
import { parseAgentDefinition, splitFrontmatter } from "../../agents/definition.ts";
import {
  CLAUDE_CODE_FIELDS,
  EXTENSION_FIELDS,
  isClaudeCodeTool,
  MODEL_ALIASES,
} from "../../agents/definition_schema.ts";
import { parseYamlDocument } from "../../agents/deps.ts";
import { localAgentFiles } from "../../plugins/local/agents/mod.ts";
import { agentTemplates } from "../../templates/agents/mod.ts";

const TEAM = [
  "pm",
  "architect",
  "developer",
  "reviewer",
  "test-executor",
  "integrator",
  "security",
  "contract-guardian",
  "filesystem-guardian",
  "documentation",
  "incident-response",
  "performance-optimizer",
  "dependency",
];

const shipped = [
  ...Object.entries(agentTemplates).map(([name, text]) => ({ name, text })),
  ...Object.entries(localAgentFiles).map(([name, text]) => ({ name, text })),
];

Deno.test("the whole team is shipped", () => {
  for (const role of TEAM) assert.ok(agentTemplates[`${role}-agent.md`], `${role}-agent.md`);
});

Deno.test("every shipped agent file validates and is named after its file", () => {
  for (const { name, text } of shipped) {
    const agent = parseAgentDefinition(text, { kind: "shipped", file: name });
    assert.equal(`${agent.name}.md`, name);
    assert.match(agent.version, new RegExp(`^${agent.name}_\\d{8}$`));
    assert.ok(agent.prompt.length > 400, `${name} has a real prompt`);
    assert.ok(agent.budget.turns || agent.provider === "local", `${name} has a turn budget`);
  }
});

Deno.test("frontmatter uses only fields and tool names Claude Code accepts", () => {
  for (const { name, text } of shipped) {
    const front = parseYamlDocument(splitFrontmatter(text)!.yaml).toJS() as Record<string, unknown>;
    for (const field of Object.keys(front)) {
      // Templates are copied to .claude/agents/, where Claude Code reads them too; the plugins'
      // own agents use the same layout, so a user who copies one gets a silent file.
      assert.ok(
        CLAUDE_CODE_FIELDS.includes(field) || field === CONTAINER_KEY,
        `${name}: top-level field ${field} is Claude Code's (ours go under ${NAMESPACE_PATH})`,
      );
    }
    const container = (front[CONTAINER_KEY] ?? {}) as Record<string, unknown>;
    for (const field of Object.keys((container[NAMESPACE_KEY] ?? {}) as Record<string, unknown>)) {
      assert.ok(EXTENSION_FIELDS.includes(field), `${name}: field ${NAMESPACE_PATH}.${field}`);
    }
    for (const field of ["name", "description", "tools", "model"]) {
      assert.ok(field in front, `${name} sets ${field}`);
    }
    assert.equal(typeof front.tools, "string", `${name}: tools as Claude Code writes them`);
    for (const tool of (front.tools as string).split(",").map((t) => t.trim())) {
      assert.ok(isClaudeCodeTool(tool), `${name}: tool ${tool}`);
    }
    assert.ok(
      (MODEL_ALIASES as readonly string[]).includes(front.model as string),
      `${name}: model`,
    );
    assert.match(front.name as string, /^[a-z][a-z0-9-]*$/);
  }
});

Deno.test("prompts are specific: no two agents share a prompt, each names its tools", () => {
  const prompts = new Set<string>();
  for (const [name, text] of Object.entries(agentTemplates)) {
    const agent = parseAgentDefinition(text, { kind: "shipped", file: name });
    assert.ok(!prompts.has(agent.prompt), `${name} has its own prompt`);
    prompts.add(agent.prompt);
    const writes = agent.tools.includes("Write") || agent.tools.includes("Edit");
    assert.equal(
      agent.permissions.write !== false,
      writes,
      `${name}: write permission matches tools`,
    );
    assert.equal(
      agent.permissions.run !== false,
      agent.tools.includes("Bash"),
      `${name}: run matches Bash`,
    );
    for (const tool of agent.tools) {
      assert.ok(agent.prompt.includes(tool), `${name}'s prompt says how it uses ${tool}`);
    }
  }
});

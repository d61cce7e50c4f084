/**
 * The zod schema of an agent file's YAML frontmatter: the Claude Code
 * subagent fields (`name`, `description`, `tools`, `model`, and the optional
 * ones Claude Code defines) plus our extensions (`version`, `permissions`,
 * `triggers`, `mcpServers`, `timeout`, `budget`, `provider`, `thinking`,
 * `overrides`), which live under `experimental: super-agents:` (Claude Code
 * warns about every top-level key it does not define and ignores unknown
 * keys under `experimental`) or, in files written before that layout, under
 * a top-level `super-agents:` or at the top level: see
 * `core/agent_file_layout.ts`.
 * @module
 */

import { z } from "../core/deps.ts";
import { EXTENSION_KEYS } from "../core/agent_file_layout.ts";

/** Tool names Claude Code accepts in a subagent's `tools` list. */
export const CLAUDE_CODE_TOOLS: readonly string[] = [
  "Agent",
  "Bash",
  "BashOutput",
  "Edit",
  "ExitPlanMode",
  "Glob",
  "Grep",
  "KillShell",
  "LS",
  "MultiEdit",
  "NotebookEdit",
  "NotebookRead",
  "Read",
  "Skill",
  "SlashCommand",
  "Task",
  "TodoWrite",
  "WebFetch",
  "WebSearch",
  "Write",
];

/** Frontmatter fields Claude Code itself defines for subagents. */
export const CLAUDE_CODE_FIELDS: readonly string[] = [
  "name",
  "description",
  "tools",
  "disallowedTools",
  "model",
  "permissionMode",
  "maxTurns",
  "skills",
  "mcpServers",
  "hooks",
  "memory",
  "background",
  "isolation",
  "color",
  "effort",
];

/** Our extension fields, written under `experimental: super-agents:` (see agent_file_layout.ts). */
export const EXTENSION_FIELDS: readonly string[] = EXTENSION_KEYS;

/** Model aliases of Claude Code; anything else must be a full model id. */
export const MODEL_ALIASES = ["opus", "sonnet", "haiku", "inherit"] as const;

/** Git hook names an agent can be triggered by. */
export const GIT_TRIGGERS = ["pre-commit", "post-commit", "post-merge", "pre-push"] as const;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TOOL = /^(mcp__[A-Za-z0-9_-]+(__[A-Za-z0-9_*-]+)?|(Task|Agent)\([a-z0-9-, ]+\))$/;

/** A tool name Claude Code accepts: a built-in, an MCP tool, or `Task(agent)`. */
export function isClaudeCodeTool(name: string): boolean {
  return CLAUDE_CODE_TOOLS.includes(name) || TOOL.test(name);
}

const toolList = z.union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(",")).map((tool) => tool.trim()).filter(Boolean)
  )
  .superRefine((tools, issue) => {
    for (const tool of tools) {
      if (!isClaudeCodeTool(tool)) {
        issue.addIssue({
          code: "custom",
          message: `unknown tool "${tool}" (Claude Code tools: ${CLAUDE_CODE_TOOLS.join(", ")})`,
        });
      }
    }
  });

const grant = z.union([z.boolean(), z.array(z.string().min(1))]);

/** Deno permissions of the agent's sandbox; paths are relative to the project root. */
export const PermissionsSchema = z.strictObject({
  read: grant.default(["."]),
  write: grant.default(false),
  net: grant.default(false),
  run: grant.default(false),
  env: grant.default(false),
});

const duration = z.union([
  z.number().positive(),
  z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as "90s", "10m" or "1h"'),
]).transform((value) => {
  if (typeof value === "number") return Math.round(value * 1000);
  const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(value)!;
  return Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as "ms"];
});

/** Limits enforced by our watchdog; exceeding one fails the task closed. */
export const BudgetSchema = z.strictObject({
  turns: z.number().int().min(1).max(1000).optional(),
  tokens: z.number().int().min(1).optional(),
  costUsd: z.number().positive().optional(),
});

const thinking = z.union([
  z.boolean(),
  z.literal("adaptive"),
  z.strictObject({ budgetTokens: z.number().int().min(1024) }),
]).transform((value) =>
  value === false
    ? undefined
    : value === true || value === "adaptive"
    ? { type: "adaptive" as const }
    : { type: "enabled" as const, budgetTokens: value.budgetTokens }
);

/** The frontmatter of an agent file. */
export const FrontmatterSchema = z.object({
  name: z.string().regex(NAME, "lowercase letters, digits and hyphens, e.g. developer-agent"),
  description: z.string().min(10, "say in a sentence when this agent should be used"),
  tools: toolList.optional(),
  disallowedTools: toolList.optional(),
  model: z.union([
    z.enum(MODEL_ALIASES),
    z.string().regex(/^claude-[a-z0-9.-]+$/, "opus, sonnet, haiku, inherit or a full claude-* id"),
  ]).optional(),
  permissionMode: z.enum(["default", "acceptEdits", "dontAsk", "bypassPermissions", "plan"])
    .optional(),
  maxTurns: z.number().int().min(1).optional(),
  skills: z.union([z.string(), z.array(z.string())]).optional(),
  mcpServers: z.array(z.union([z.string().min(1), z.record(z.string(), z.unknown())])).optional(),
  hooks: z.record(z.string(), z.unknown()).optional(),
  memory: z.enum(["user", "project", "local"]).optional(),
  background: z.boolean().optional(),
  isolation: z.literal("worktree").optional(),
  color: z.string().optional(),
  effort: z.string().optional(),
  version: z.string().regex(
    /^[a-z0-9-]+_\d{8}$/,
    "<name>_<YYYYMMDD>, e.g. developer-agent_20261128",
  )
    .optional(),
  permissions: PermissionsSchema.prefault({}),
  triggers: z.strictObject({
    git: z.array(z.enum(GIT_TRIGGERS)).default([]),
    events: z.array(
      z.string().regex(/^[a-z][a-z0-9_.*-]*$/, "an event type such as task.completed"),
    )
      .default([]),
  }).prefault({}),
  timeout: duration.default(600_000),
  budget: BudgetSchema.prefault({}),
  provider: z.string().regex(NAME, "a provider plugin name such as anthropic or local").optional(),
  thinking: thinking.optional(),
  /**
   * `builtin`: this project file deliberately replaces the built-in agent of the same name
   * (a local agent such as `secret-scan`); without it such a file is refused.
   */
  overrides: z.literal("builtin").optional(),
}).strict();

/** Frontmatter after validation and normalisation. */
export type Frontmatter = z.infer<typeof FrontmatterSchema>;

/** The Deno permission grants of an agent. */
export type AgentPermissions = z.infer<typeof PermissionsSchema>;

/** The budget limits of an agent or task. */
export type Budget = z.infer<typeof BudgetSchema>;

/**
 * Parses an agent file: Markdown with YAML frontmatter in Claude Code's
 * subagent format plus our extensions (see `definition_schema.ts`). The body
 * is the agent's system prompt. Every error names the file, the field and the
 * fix, so a broken `.claude/agents/x.md` is repaired in one edit.
 * @module
 */

import { closestMatch } from "../core/cli/suggest.ts";
import type { z } from "../core/deps.ts";
import { SuperAgentsError } from "../core/errors.ts";
import {
  CLAUDE_CODE_FIELDS,
  CLAUDE_CODE_TOOLS,
  EXTENSION_FIELDS,
  type Frontmatter,
  FrontmatterSchema,
} from "./definition_schema.ts";
import { parseYamlDocument } from "./deps.ts";
import { flattenNamespace } from "../core/agent_file_layout.ts";

/** Where a definition came from; later sources override earlier ones by name. */
export interface AgentSource {
  kind: "shipped" | "plugin" | "project";
  /** File name or path, used in error messages. */
  file: string;
  /** The contributing plugin, for `kind: "plugin"`. */
  plugin?: string;
}

/** A validated agent definition. */
export interface AgentDefinition extends Omit<Frontmatter, "tools" | "version"> {
  /** Claude Code tool names the agent may use (after `disallowedTools`). */
  tools: string[];
  /** `<name>_<YYYYMMDD>`, or `<name>_unversioned` for files without one. */
  version: string;
  /** The Markdown body: the agent's system prompt. */
  prompt: string;
  source: AgentSource;
}

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/** Splits `---\nyaml\n---\nbody` into its two parts, or `undefined` without frontmatter. */
export function splitFrontmatter(text: string): { yaml: string; body: string } | undefined {
  const match = FRONTMATTER.exec(text.replace(/^\uFEFF/, ""));
  return match ? { yaml: match[1], body: match[2] } : undefined;
}

function invalid(file: string, field: string, problem: string, fix: string): SuperAgentsError {
  return new SuperAgentsError(
    "AGENT_INVALID",
    `${file}: ${field === "" ? "" : `field "${field}": `}${problem}`,
    { hint: fix, details: { file, field } },
  );
}

/**
 * Parses and validates one agent file.
 *
 * @example
 * ```ts
 * const agent = parseAgentDefinition(text, { kind: "project", file: ".claude/agents/x.md" });
 * console.log(agent.name, agent.tools, agent.permissions.write);
 * ```
 */
export function parseAgentDefinition(text: string, source: AgentSource): AgentDefinition {
  const file = source.file;
  const parts = splitFrontmatter(text);
  if (!parts) {
    throw invalid(
      file,
      "",
      "no YAML frontmatter",
      "start the file with a `---` line, the fields (name, description, tools, model), and a closing `---` line",
    );
  }
  const doc = parseYamlDocument(parts.yaml, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos?.[0].line;
    throw invalid(
      file,
      "",
      `YAML syntax error${line ? ` on frontmatter line ${line}` : ""}: ${
        error.message.split("\n")[0]
      }`,
      "fix the YAML between the two `---` lines (quote values that contain `:` or `#`)",
    );
  }
  let raw: unknown;
  try {
    // An alias bomb (aliases of aliases) expands exponentially: cap the expansion and name the file.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw invalid(
      file,
      "",
      `the frontmatter cannot be read: ${error instanceof Error ? error.message : error}`,
      "remove the YAML aliases (`*name`) from the frontmatter and write the values out",
    );
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw invalid(
      file,
      "",
      "the frontmatter is not a mapping of fields",
      "write `field: value` lines",
    );
  }
  const fields = flattenNamespace(raw as Record<string, unknown>, file);
  const result = FrontmatterSchema.safeParse(fields);
  if (!result.success) throw frontmatterError(file, result.error);
  const front = result.data;
  const prompt = parts.body.trim();
  if (prompt.length === 0) {
    throw invalid(
      file,
      "body",
      "the system prompt is empty",
      "write the agent's instructions below the frontmatter",
    );
  }
  if (front.version !== undefined) checkVersion(file, front.name, front.version);
  const denied = new Set(front.disallowedTools ?? []);
  const tools = (front.tools ?? CLAUDE_CODE_TOOLS.filter((t) => t !== "Task" && t !== "Agent"))
    .filter((tool) => !denied.has(tool));
  return {
    ...front,
    tools,
    version: front.version ?? `${front.name}_unversioned`,
    budget: { ...front.budget, turns: front.budget.turns ?? front.maxTurns },
    prompt,
    source,
  };
}

function checkVersion(file: string, name: string, version: string): void {
  const [prefix, date] = version.split("_");
  if (prefix !== name) {
    throw invalid(
      file,
      "version",
      `"${version}" does not start with the agent's name "${name}"`,
      `write version: ${name}_${date}`,
    );
  }
  const [y, m, d] = [date.slice(0, 4), date.slice(4, 6), date.slice(6, 8)].map(Number);
  const parsed = new Date(Date.UTC(y, m - 1, d));
  if (
    parsed.getUTCFullYear() !== y || parsed.getUTCMonth() !== m - 1 || parsed.getUTCDate() !== d
  ) {
    throw invalid(
      file,
      "version",
      `"${date}" is not a calendar date`,
      `use the release date as YYYYMMDD, e.g. ${name}_20261128`,
    );
  }
}

function frontmatterError(file: string, error: z.ZodError): SuperAgentsError {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const known = [...CLAUDE_CODE_FIELDS, ...EXTENSION_FIELDS];
    const suggestion = closestMatch(key, known);
    return invalid(
      file,
      [...issue.path, key].join("."),
      "unknown field",
      suggestion ? `did you mean "${suggestion}"?` : `remove it; known fields: ${known.join(", ")}`,
    );
  }
  const field = issue.path.map(String).join(".") || "(frontmatter)";
  const missing = issue.code === "invalid_type" && issue.input === undefined;
  return invalid(
    file,
    field,
    missing ? "is required" : issue.message,
    missing ? `add a "${field}:" line to the frontmatter` : fixFor(field),
  );
}

function fixFor(field: string): string {
  const top = field.split(".")[0];
  const fixes: Record<string, string> = {
    name: "use lowercase letters, digits and hyphens, e.g. name: developer-agent",
    tools: "list Claude Code tool names separated by commas, e.g. tools: Read, Grep, Glob",
    disallowedTools: "list Claude Code tool names separated by commas",
    model: "use opus, sonnet, haiku, inherit or a full model id such as claude-sonnet-5-5",
    permissions: "give read/write/net/run/env as true, false or a list, e.g. write: [src, tests]",
    triggers: "e.g. triggers: { git: [pre-commit], events: [task.completed] }",
    timeout: 'give seconds or a duration such as "90s" or "10m"',
    budget: "e.g. budget: { turns: 30, tokens: 200000, costUsd: 2 }",
    thinking: "use true, adaptive, or { budgetTokens: 4096 }",
    version: "use <name>_<YYYYMMDD>, e.g. developer-agent_20261128",
    overrides: "write overrides: builtin, or remove the line",
  };
  return fixes[top] ??
    `fix "${field}" (see \`super-agents agents show developer-agent\` for an example)`;
}

/**
 * The tools an agent's model can call, named and shaped like Claude Code's
 * (Read, Write, Edit, Glob, Grep, Bash), so one agent prompt works in both
 * runtimes, plus our platform tools (emit_event, knowledge_query,
 * knowledge_save). Each tool has a zod schema (validating the model's
 * input) and the JSON schema sent to the Messages API, derived from it.
 * @module
 */

import { z } from "../../core/deps.ts";
import type { ToolDefinition } from "../../core/plugin.ts";

/** Input schemas, by tool name. */
export const ToolInputSchemas = {
  Read: z.object({
    file_path: z.string().min(1).describe(
      "path of the file, relative to the project root or absolute",
    ),
    offset: z.number().int().min(1).optional().describe("first line to return (1-based)"),
    limit: z.number().int().min(1).max(5000).optional().describe("number of lines (default 2000)"),
  }),
  Write: z.object({
    file_path: z.string().min(1).describe("path of the file to create or overwrite"),
    content: z.string().describe("the complete new content"),
  }),
  Edit: z.object({
    file_path: z.string().min(1).describe("path of the file to edit"),
    old_string: z.string().min(1).describe(
      "exact text to replace; must occur exactly once unless replace_all",
    ),
    new_string: z.string().describe("the replacement text"),
    replace_all: z.boolean().optional().describe("replace every occurrence"),
  }),
  Glob: z.object({
    pattern: z.string().min(1).describe('glob such as "src/**/*.ts"'),
    path: z.string().optional().describe("directory to search (default: the project root)"),
  }),
  Grep: z.object({
    pattern: z.string().min(1).describe("regular expression (JavaScript syntax)"),
    path: z.string().optional().describe("file or directory to search (default: the project root)"),
    glob: z.string().optional().describe('only files matching this glob, e.g. "*.ts"'),
    case_insensitive: z.boolean().optional(),
  }),
  Bash: z.object({
    command: z.string().min(1).describe(
      "one program and its arguments; no shell: pipes, redirects, ; and && are refused",
    ),
    timeout: z.number().int().min(1000).max(600_000).optional().describe(
      "milliseconds (default 120000)",
    ),
  }),
  emit_event: z.object({
    type: z.string().regex(/^[a-z][a-z0-9_.-]*$/).describe("event type, e.g. review.finding"),
    payload: z.record(z.string(), z.unknown()).optional().describe("event data"),
  }),
  knowledge_query: z.object({
    q: z.string().min(1).max(500).describe("full-text query"),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  knowledge_save: z.object({
    title: z.string().min(1).max(500),
    content: z.string().min(1).max(200_000),
    type: z.string().optional().describe("e.g. decision, note, pattern"),
    tags: z.array(z.string()).max(32).optional(),
  }),
} as const;

/** A tool name. */
export type ToolName = keyof typeof ToolInputSchemas;

const DESCRIPTIONS: Record<ToolName, string> = {
  Read: "Read a text file. Returns numbered lines.",
  Write: "Create or overwrite a file with the given content.",
  Edit: "Replace an exact string in a file (unique unless replace_all).",
  Glob: "List files matching a glob pattern, sorted by path.",
  Grep: "Search file contents with a regular expression; returns path:line: text.",
  Bash:
    "Run one allowed program with arguments in the project root, without a shell. Returns exit code and output.",
  emit_event: "Record an event in the project's event log (visible to other agents and people).",
  knowledge_query: "Search the project's knowledge base (decisions, notes, patterns).",
  knowledge_save: "Save a decision, pattern or note to the project's knowledge base.",
};

/** Claude Code tool names that map onto one of ours. */
export const CLAUDE_CODE_TO_RUNTIME: Readonly<Record<string, ToolName>> = {
  Read: "Read",
  NotebookRead: "Read",
  Write: "Write",
  Edit: "Edit",
  MultiEdit: "Edit",
  Glob: "Glob",
  LS: "Glob",
  Grep: "Grep",
  Bash: "Bash",
};

/**
 * The runtime tools for an agent's Claude Code tool list. Platform tools are
 * added when available: `emit_event` always, the knowledge tools when a KM
 * is reachable.
 *
 * @example
 * ```ts
 * runtimeTools(["Read", "Grep", "WebFetch"], { knowledge: false }); // ["Read", "Grep", "emit_event"]
 * ```
 */
export function runtimeTools(claudeTools: string[], platform: { knowledge: boolean }): ToolName[] {
  const names = new Set<ToolName>();
  for (const tool of claudeTools) {
    const mapped = CLAUDE_CODE_TO_RUNTIME[tool];
    if (mapped) names.add(mapped);
  }
  names.add("emit_event");
  if (platform.knowledge) {
    names.add("knowledge_query");
    names.add("knowledge_save");
  }
  return [...names];
}

const cache = new Map<ToolName, ToolDefinition>();

/** The Messages API definition of a tool (JSON schema from its zod schema). */
export function toolDefinition(name: ToolName): ToolDefinition {
  let definition = cache.get(name);
  if (!definition) {
    const schema = z.toJSONSchema(ToolInputSchemas[name]) as Record<string, unknown>;
    delete schema.$schema;
    definition = { name, description: DESCRIPTIONS[name], inputSchema: schema };
    cache.set(name, definition);
  }
  return definition;
}

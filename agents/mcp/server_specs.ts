/**
 * External MCP servers an agent may use, in Claude Code's `.mcp.json` format:
 * `{ "mcpServers": { "<name>": { "command", "args", "env" } | { "type": "http",
 * "url", "headers" } } }`, with `${VAR}` and `${VAR:-default}` expanded from
 * the environment. An agent's frontmatter `mcpServers` list names servers of
 * the project's `.mcp.json` or defines them inline (`- name: { command: ... }`),
 * and only those servers are connected for that agent.
 * @module
 */

import { join } from "node:path";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { readJsonFile } from "../../core/fs/read_json_file.ts";

/** A server started as a child process speaking MCP over stdin/stdout. */
export const StdioServerSpecSchema = z.object({
  type: z.literal("stdio").optional(),
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
});

/** A remote server speaking Streamable HTTP. */
export const HttpServerSpecSchema = z.object({
  type: z.literal("http"),
  url: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).default({}),
});

/** One MCP server. */
export const McpServerSpecSchema = z.union([HttpServerSpecSchema, StdioServerSpecSchema]);

/** The project's `.mcp.json`; other keys are kept for Claude Code. */
export const McpJsonSchema = z.object({
  mcpServers: z.record(z.string(), z.unknown()).default({}),
}).loose();

/** A validated server spec. */
export type McpServerSpec = z.infer<typeof McpServerSpecSchema>;

/** A server name usable in `mcp__<server>__<tool>`. */
const SERVER_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Reads `<root>/.mcp.json` and returns its server entries by name, unparsed:
 * each is validated only when an agent selects it, so a server type we do not
 * speak (Claude Code's `sse`) does not break agents that never use it. A
 * missing file means no servers.
 */
export async function readProjectMcpServers(root: string): Promise<Record<string, unknown>> {
  const path = join(root, ".mcp.json");
  const raw = await readJsonFile(
    path,
    (error) =>
      new SuperAgentsError("MCP_JSON_INVALID", `${path} is not JSON: ${error.message}`, {
        hint: "fix the JSON syntax of .mcp.json",
      }),
  );
  if (raw === undefined) return {};
  const file = McpJsonSchema.safeParse(raw);
  if (!file.success) {
    throw new SuperAgentsError("MCP_JSON_INVALID", `${path}: ${file.error.issues[0].message}`, {
      hint: 'write { "mcpServers": { "<name>": { "command": "...", "args": [] } } }',
    });
  }
  return file.data.mcpServers;
}

/**
 * The servers an agent's frontmatter `mcpServers` list selects: names are
 * looked up in `projectServers`, inline `{ name: spec }` entries are parsed.
 *
 * @example
 * ```ts
 * const servers = resolveAgentMcpServers(agent.mcpServers ?? [], await readProjectMcpServers(root), env);
 * ```
 */
export function resolveAgentMcpServers(
  entries: readonly (string | Record<string, unknown>)[],
  projectServers: Record<string, unknown>,
  env: (name: string) => string | undefined,
  agentName = "agent",
): Record<string, McpServerSpec> {
  const selected: Record<string, McpServerSpec> = {};
  for (const entry of entries) {
    if (typeof entry === "string") {
      const spec = projectServers[entry];
      if (spec === undefined) {
        const known = Object.keys(projectServers);
        throw new SuperAgentsError(
          "MCP_SERVER_UNKNOWN",
          `${agentName} names MCP server "${entry}", which .mcp.json does not define`,
          {
            hint: known.length
              ? `use one of: ${known.join(", ")}, or define it inline in the agent's mcpServers`
              : `add "${entry}" to .mcp.json's mcpServers or define it inline in the agent`,
          },
        );
      }
      selected[entry] = parseServerSpec(entry, spec, env, ".mcp.json");
      continue;
    }
    for (const [name, spec] of Object.entries(entry)) {
      selected[name] = parseServerSpec(name, spec, env, `${agentName} frontmatter`);
    }
  }
  return selected;
}

function parseServerSpec(
  name: string,
  raw: unknown,
  env: (name: string) => string | undefined,
  where: string,
): McpServerSpec {
  if (!SERVER_NAME.test(name)) {
    throw new SuperAgentsError("MCP_SERVER_INVALID", `${where}: server name "${name}" is invalid`, {
      hint: "use letters, digits, '-' and '_' only",
    });
  }
  const result = McpServerSpecSchema.safeParse(expandVariables(raw, env));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new SuperAgentsError(
      "MCP_SERVER_INVALID",
      `${where}: server "${name}": ${issue.path.join(".") || "spec"}: ${issue.message}`,
      {
        hint:
          'give { "command": "...", "args": [...] } or { "type": "http", "url": "https://..." }',
      },
    );
  }
  return result.data;
}

/** Expands `${VAR}` and `${VAR:-default}` in every string of `value`. */
export function expandVariables(
  value: unknown,
  env: (name: string) => string | undefined,
): unknown {
  if (typeof value === "string") {
    return value.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (whole, name, fallback) => {
        const found = env(name) ?? fallback;
        if (found === undefined) {
          throw new SuperAgentsError("MCP_ENV_MISSING", `${whole} is not set`, {
            hint: `export ${name}=... or write \${${name}:-default}`,
          });
        }
        return found;
      },
    );
  }
  if (Array.isArray(value)) return value.map((item) => expandVariables(item, env));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandVariables(item, env)]),
    );
  }
  return value;
}

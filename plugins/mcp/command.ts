/**
 * `super-agents mcp`: the project (or one agent) as an MCP server on STDIO,
 * plus developer tools: `mcp inspect` lists the tools with their JSON
 * schemas, `mcp call` calls one, and `mcp token` manages the per-user bearer
 * tokens that remote clients present to the KM's `/mcp` endpoint.
 * @module
 */

import { booleanFlag, defineCommand, stringFlag } from "../../core/cli/command.ts";
import { errorMessage, UsageError } from "../../core/errors.ts";
import { tokenCommand } from "./token_command.ts";

const agentFlag = {
  type: "string" as const,
  description: "<name> serve one agent: its run tool and its prompt",
};

const inspect = defineCommand({
  name: "inspect",
  summary: "list the MCP tools with their JSON schemas",
  flags: {
    agent: agentFlag,
    schemas: { type: "boolean", description: "print every input schema in full (text mode)" },
  },
  examples: [
    "super-agents mcp inspect",
    "super-agents mcp inspect --schemas",
    "super-agents mcp inspect --agent reviewer-agent --json",
  ],
  async run(ctx, args) {
    const { withInProcessClient } = await import("./in_process_client.ts");
    const agent = stringFlag(args, "agent");
    const listing = await withInProcessClient(ctx, { agent }, async (client) => ({
      tools: (await client.listTools()).tools,
      prompts: (await client.listPrompts()).prompts.map((p) => p.name),
      resources: (await client.listResources()).resources.map((r) => r.uri),
    }));
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify(listing, null, 2) + "\n");
      return;
    }
    const full = booleanFlag(args, "schemas");
    for (const tool of listing.tools) {
      const properties = Object.keys(tool.inputSchema.properties ?? {});
      const required = new Set(tool.inputSchema.required ?? []);
      const params = properties.map((p) => (required.has(p) ? p : `${p}?`)).join(", ");
      ctx.stdout.write(`${tool.name}(${params})\n    ${tool.description ?? ""}\n`);
      if (full) ctx.stdout.write(indent(JSON.stringify(tool.inputSchema, null, 2)) + "\n");
    }
    ctx.stdout.write(
      `\n${listing.tools.length} tools, ${listing.prompts.length} prompts, ` +
        `${listing.resources.length} resources\n`,
    );
  },
});

const call = defineCommand({
  name: "call",
  summary: "call one MCP tool and print its result",
  flags: {
    args: { type: "string", description: "<json> the tool's arguments as a JSON object" },
    agent: agentFlag,
  },
  positionals: [{ name: "tool", description: "the tool name (see `mcp inspect`)", required: true }],
  examples: [
    `super-agents mcp call knowledge_save --args '{"title":"Auth","content":"JWT in cookies"}'`,
    `super-agents mcp call knowledge_query --args '{"q":"auth"}' --json`,
    `super-agents mcp call run --agent reviewer-agent --args '{"task":"review HEAD","waitMs":0}'`,
  ],
  async run(ctx, args) {
    const tool = args.positionals[0];
    const raw = stringFlag(args, "args") ?? "{}";
    let toolArgs: unknown;
    try {
      toolArgs = JSON.parse(raw);
    } catch (error) {
      throw new UsageError(
        `--args is not JSON: ${errorMessage(error)}`,
        `e.g. --args '{"q":"auth"}'`,
      );
    }
    if (toolArgs === null || typeof toolArgs !== "object" || Array.isArray(toolArgs)) {
      throw new UsageError("--args must be a JSON object", `e.g. --args '{"q":"auth"}'`);
    }
    const { withInProcessClient } = await import("./in_process_client.ts");
    const result = await withInProcessClient(
      ctx,
      { agent: stringFlag(args, "agent") },
      (client) => client.callTool({ name: tool, arguments: toolArgs as Record<string, unknown> }),
    );
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify(result, null, 2) + "\n");
    } else {
      const content = (result.content ?? []) as { type: string; text?: string }[];
      const text = content.map((c) => c.type === "text" ? pretty(c.text ?? "") : `[${c.type}]`)
        .join("\n");
      (result.isError ? ctx.stderr : ctx.stdout).write(text + "\n");
    }
    return result.isError ? 1 : 0;
  },
});

/** The `mcp` command. */
export const command = defineCommand({
  name: "mcp",
  summary: "serve the project (or one agent) over MCP on stdin/stdout",
  description:
    "Speaks MCP over STDIO for Claude Code (registered in .mcp.json by `init`). Logs go to " +
    "stderr only. Knowledge tools use the running KM when there is one and the store directly " +
    "otherwise, and follow the KM across restarts. Remote clients use Streamable HTTP at " +
    "http://127.0.0.1:<km port>/mcp with a bearer token (km.token or `mcp token create`).",
  flags: { agent: agentFlag },
  subcommands: { inspect, call, token: tokenCommand },
  examples: [
    "super-agents mcp",
    "super-agents mcp --agent reviewer-agent",
    "super-agents mcp inspect",
    `super-agents mcp call knowledge_query --args '{"q":"auth"}'`,
    "super-agents mcp token create laptop",
  ],
  async run(ctx, args) {
    const { serveStdio } = await import("./stdio_server.ts");
    return await serveStdio(ctx, { agent: stringFlag(args, "agent") });
  },
});

function indent(text: string): string {
  return text.split("\n").map((line) => `    ${line}`).join("\n");
}

/** JSON text indented for people; other text unchanged. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text; // error results and prose are shown as they are
  }
}

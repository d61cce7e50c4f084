/**
 * The shape of one MCP tool of ours, independent of the SDK: a name, a
 * description, a zod object for its input (the SDK turns it into the JSON
 * schema clients see and validates arguments against it), and `run`. Results
 * are returned as JSON text; any error, ours
 * or not, becomes an MCP tool error whose text carries the message and the
 * fix, so a bad call never takes the server down.
 * @module
 */

import type { z } from "../../core/deps.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import type { AccessAction, AccessDenial } from "../km_auth/access_gate.ts";
import type { CallToolResult, McpServer } from "./deps.ts";

/** Asks the KM's access gate (`km_auth/access_gate.ts`) whether the session's principal may act. */
export type Authorize = (action: AccessAction) => Promise<AccessDenial | undefined>;

/** The error a denied call answers with: who, what, and the scope that is missing. */
export function accessDeniedError(denial: AccessDenial): SuperAgentsError {
  return new SuperAgentsError(
    "ACCESS_DENIED",
    `${denial.principal} may not ${denial.action}: scope ${denial.missing} is missing`,
    {
      hint: `ask the KM's owner for a token with ${denial.missing} ` +
        "(`super-agents mcp token create <name> --scope ...`, or a role that includes it)",
    },
  );
}

/** One tool. */
export interface McpTool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title?: string;
  description: string;
  input: S;
  /** Whether the tool changes state (MCP `readOnlyHint` is its negation). */
  mutates: boolean;
  run(args: z.output<S>, context: ToolContext): Promise<unknown>;
}

/** What a running tool can use besides its arguments. */
export interface ToolContext {
  /** Aborted when the client cancels the call or disconnects. */
  signal?: AbortSignal;
  /** Reports progress (sent when the client asked for it with a progress token). */
  progress(done: number, message?: string): Promise<void>;
}

/**
 * Identity helper tying `run`'s argument type to the input schema.
 *
 * @example
 * ```ts
 * const ping = defineTool({
 *   name: "ping", description: "answers pong", input: z.object({}), mutates: false,
 *   run: () => Promise.resolve({ pong: true }),
 * });
 * ```
 */
export function defineTool<S extends z.ZodObject>(tool: McpTool<S>): McpTool<S> {
  return tool;
}

/**
 * A tool's value as an MCP result: compact JSON text (models read it well and
 * it costs the fewest tokens; `mcp call` pretty-prints it for people).
 */
export function toolResult(value: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }] };
}

/** An error as an MCP tool error: message, then the hint. */
export function toolError(error: unknown): CallToolResult {
  const text = error instanceof SuperAgentsError
    ? `${error.code}: ${error.message}${error.hint ? `\nhint: ${error.hint}` : ""}`
    : `error: ${errorMessage(error)}`;
  return { content: [{ type: "text", text }], isError: true };
}

/**
 * Registers tools on an SDK server; with `authorize`, every call is checked
 * (after the SDK validated its arguments, before it runs).
 */
export function registerTools(
  server: McpServer,
  tools: readonly McpTool[],
  authorize?: Authorize,
): void {
  for (const tool of tools) {
    server.registerTool(tool.name, {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: { readOnlyHint: !tool.mutates, openWorldHint: false },
    }, async (args: unknown, extra) => {
      const token = extra._meta?.progressToken;
      const context: ToolContext = {
        signal: extra.signal,
        progress: (done, message) =>
          token === undefined ? Promise.resolve() : extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken: token, progress: done, message },
          }),
      };
      const denial = await authorize?.({
        kind: "tool",
        name: tool.name,
        args: args as Record<string, unknown>,
      });
      if (denial) return toolError(accessDeniedError(denial));
      try {
        return toolResult(await tool.run(args as z.output<typeof tool.input>, context));
      } catch (error) {
        return toolError(error);
      }
    });
  }
}

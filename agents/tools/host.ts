/**
 * The tool host of one agent run: validates each tool call's input with its
 * zod schema, runs it in the current realm — which is the agent's sandboxed
 * worker, so Deno's permissions bound every file and process operation, and
 * the file tools also check where a path physically leads against the same
 * grants (`files`) — and turns every failure into a tool result with
 * `isError`, which goes back to the model. A sandbox denial says so plainly,
 * so the model stops trying.
 * @module
 */

import type { ToolHost, ToolResult } from "../../core/plugin.ts";
import type { JobSandbox } from "../../core/pool/job_sandbox.ts";
import { bashTool } from "./bash_tool.ts";
import { runtimeTools, toolDefinition, ToolInputSchemas, type ToolName } from "./definitions.ts";
import { editTool, globTool, grepTool, readTool, ToolError, writeTool } from "./file_tools.ts";
import { type KmEndpoint, knowledgeQuery, knowledgeSave } from "./km_tools.ts";
import type { PathPolicy } from "./path_policy.ts";

/** Options of {@linkcode createToolHost}. */
export interface ToolHostOptions {
  root: string;
  /** Claude Code tool names from the agent definition. */
  tools: string[];
  /**
   * What the file tools may read and write: the worker's Deno read and write
   * permissions, checked again where symbolic links lead.
   */
  files: PathPolicy;
  /** The job's sandbox: the Bash tool's programs (`run`) start inside it. */
  sandbox: JobSandbox;
  /** The task id, recorded with saved knowledge. */
  task: string;
  km?: KmEndpoint;
  /** Records an event (relayed to the parent's event log). */
  emit(type: string, payload: Record<string, unknown>): Promise<void> | void;
}

function failure(name: string, error: unknown): ToolResult {
  if (error instanceof Deno.errors.NotCapable) {
    return {
      isError: true,
      content:
        `permission denied by this agent's sandbox: ${error.message}. This path or program is outside what the agent may touch; do not retry it.`,
    };
  }
  if (error instanceof Deno.errors.NotFound) {
    return { isError: true, content: `not found: ${error.message}` };
  }
  if (error instanceof ToolError) return { isError: true, content: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { isError: true, content: `${name} failed: ${message}` };
}

/**
 * Creates the tool host for one agent run.
 *
 * @example
 * ```ts
 * const files = { root, read: [root], write: [root] };
 * const host = createToolHost({ root, files, sandbox, tools: ["Read", "Edit"], task: "t1", emit });
 * await host.call("Read", { file_path: "README.md" });
 * ```
 */
export function createToolHost(options: ToolHostOptions): ToolHost {
  const names = runtimeTools(options.tools, { knowledge: options.km !== undefined });
  const { root, files } = options;
  const run = async (name: ToolName, input: unknown): Promise<ToolResult> => {
    const parsed = ToolInputSchemas[name].safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        isError: true,
        content: `invalid input for ${name}: ${issue.path.join(".")} ${issue.message}`,
      };
    }
    // deno-lint-ignore no-explicit-any
    const value = parsed.data as any;
    switch (name) {
      case "Read":
        return { isError: false, content: await readTool(files, value) };
      case "Write":
        return { isError: false, content: await writeTool(files, value) };
      case "Edit":
        return { isError: false, content: await editTool(files, value) };
      case "Glob":
        return { isError: false, content: await globTool(files, value) };
      case "Grep":
        return { isError: false, content: await grepTool(files, value) };
      case "Bash": {
        const result = await bashTool(root, value, options.sandbox);
        return { isError: result.failed, content: result.text };
      }
      case "emit_event":
        await options.emit(`agent.${value.type}`, value.payload ?? {});
        return { isError: false, content: `recorded agent.${value.type}` };
      case "knowledge_query":
        return { isError: false, content: await knowledgeQuery(options.km!, value) };
      case "knowledge_save":
        return { isError: false, content: await knowledgeSave(options.km!, value, options.task) };
    }
  };
  return {
    definitions: names.map(toolDefinition),
    async call(name, input) {
      if (!(names as string[]).includes(name)) {
        return {
          isError: true,
          content: `unknown tool "${name}"; available: ${names.join(", ")}`,
        };
      }
      try {
        return await run(name as ToolName, input);
      } catch (error) {
        return failure(name, error);
      }
    },
  };
}

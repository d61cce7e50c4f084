/**
 * Builds the SDK `McpServer` of a project: every tool (knowledge, registry,
 * tasks, events, agents), the agent definitions as resources
 * (`agent://<name>`), and each agent's prompt as an MCP prompt (Claude Code
 * offers them as `/mcp__super-agents__<agent>` commands). With `agent` set it
 * builds the server of one agent instead: its `run` tool and its prompt.
 * The same builder serves STDIO, Streamable HTTP and the in-process client of
 * `mcp inspect`/`mcp call`.
 * @module
 */

import { z } from "../../core/deps.ts";
import { VERSION } from "../../core/version.ts";
import type { AgentDefinition } from "../../agents/definition.ts";
import { ErrorCode, McpError, McpServer, ResourceTemplate } from "./deps.ts";
import type { GetPromptResult } from "./deps.ts";
import type { McpServices } from "./services.ts";
import type { AccessAction } from "../km_auth/access_gate.ts";
import {
  accessDeniedError,
  type Authorize,
  defineTool,
  type McpTool,
  registerTools,
} from "./tool_spec.ts";
import { agentSpec, agentTools, runAgent, RunInputSchema } from "./tools_agents.ts";
import { eventTools } from "./tools_events.ts";
import { kmTools } from "./tools_km.ts";
import { taskTools } from "./tools_tasks.ts";

/** Options of {@linkcode createProjectServer}. */
export interface ProjectServerOptions {
  /** Serve only this agent. */
  agent?: string;
  /** Checks each tool call and resource read (HTTP sessions; STDIO is the local user's own). */
  authorize?: Authorize;
  /**
   * Which tools, resources and prompts the listings show (the access gate's
   * `lists` for the session's principal); absent: all. A tool left out can
   * still be called and answers with the access error that names the scope.
   */
  visible?: (action: AccessAction) => boolean;
}

/** Every tool of the project server (or of one agent's server). */
export async function projectTools(
  services: McpServices,
  options: ProjectServerOptions = {},
): Promise<McpTool[]> {
  if (options.agent !== undefined) {
    const agent = (await services.catalog()).get(options.agent);
    return [agentRunTool(services, agent)];
  }
  return [
    ...kmTools(services.km),
    ...taskTools(services),
    ...eventTools(services),
    ...agentTools(services),
  ];
}

/**
 * Creates the server (not yet connected to a transport).
 *
 * @example
 * ```ts
 * const server = await createProjectServer(services);
 * await server.connect(new StdioServerTransport());
 * ```
 */
export async function createProjectServer(
  services: McpServices,
  options: ProjectServerOptions = {},
): Promise<McpServer> {
  const catalog = await services.catalog();
  const agents = options.agent === undefined ? catalog.agents : [catalog.get(options.agent)];
  const name = options.agent === undefined ? "super-agents" : `super-agents-${agents[0].name}`;
  const server = new McpServer({ name, version: VERSION }, {
    instructions: options.agent === undefined
      ? "The super-agents project server: search and save project knowledge (knowledge_query, " +
        "knowledge_save), look up file owners and API contracts, queue and follow tasks, read " +
        "the event trail, and delegate work to the project's agents (agent_list, agent_run)."
      : `Runs the ${agents[0].name} agent: ${agents[0].description}`,
  });
  if (options.visible) filterListings(server, options.visible);
  registerTools(server, await projectTools(services, options), options.authorize);
  registerAgentResources(server, services, agents, options.authorize);
  for (const agent of agents) registerAgentPrompt(server, agent, options.authorize);
  return server;
}

/** The listing methods and, for each, the result field and the action one entry stands for. */
const LISTINGS: Readonly<
  Record<string, [string, (entry: Record<string, unknown>) => AccessAction]>
> = {
  "tools/list": ["tools", (tool) => ({ kind: "tool", name: String(tool.name) })],
  "resources/list": ["resources", (resource) => ({ kind: "resource", uri: String(resource.uri) })],
  "resources/templates/list": [
    "resourceTemplates",
    (template) => ({ kind: "resource", uri: String(template.uriTemplate) }),
  ],
  "prompts/list": ["prompts", (prompt) => ({ kind: "resource", uri: `prompt:${prompt.name}` })],
};

/**
 * Filters the SDK's own listing answers through `visible`. The SDK registers
 * its handlers through the protocol's public `setRequestHandler`; each handler
 * is wrapped as it is set, so the listings keep the SDK's schemas and paging.
 */
function filterListings(server: McpServer, visible: (action: AccessAction) => boolean): void {
  const protocol = server.server;
  const set = protocol.setRequestHandler.bind(protocol);
  type Handler = Parameters<typeof set>[1];
  protocol.setRequestHandler = ((schema: Parameters<typeof set>[0], handler: Handler) =>
    set(
      schema,
      (async (request: { method: string }, extra: unknown) => {
        const result = await (handler as (r: unknown, e: unknown) => Promise<unknown>)(
          request,
          extra,
        );
        const listing = Object.hasOwn(LISTINGS, request.method)
          ? LISTINGS[request.method]
          : undefined;
        if (!listing) return result;
        const [field, actionOf] = listing;
        const entries = (result as Record<string, unknown>)[field] as Record<string, unknown>[];
        return {
          ...(result as object),
          [field]: entries.filter((entry) => visible(actionOf(entry))),
        };
      }) as Handler,
    )) as typeof protocol.setRequestHandler;
}

function agentRunTool(services: McpServices, agent: AgentDefinition): McpTool {
  return defineTool({
    name: "run",
    title: `Run ${agent.name}`,
    description: `${agent.description} (queues a task; returns the result or the task id)`,
    input: RunInputSchema,
    mutates: true,
    run: (args, context) => runAgent(services, agent.name, args, context),
  });
}

function registerAgentResources(
  server: McpServer,
  services: McpServices,
  agents: AgentDefinition[],
  authorize?: Authorize,
): void {
  const known = new Set(agents.map((a) => a.name));
  const template = new ResourceTemplate("agent://{name}", {
    list: () => ({
      resources: agents.map((agent) => ({
        uri: `agent://${agent.name}`,
        name: agent.name,
        description: agent.description,
        mimeType: "application/json",
      })),
    }),
  });
  server.registerResource("agent", template, {
    description: "An agent definition: frontmatter fields and system prompt",
    mimeType: "application/json",
  }, async (uri, variables) => {
    const denial = await authorize?.({ kind: "resource", uri: uri.href });
    if (denial) throw new McpError(ErrorCode.InvalidRequest, accessDeniedError(denial).message);
    const name = String(variables.name);
    if (!known.has(name)) {
      // The client named something that does not exist: invalid params, not an internal error.
      throw new McpError(
        ErrorCode.InvalidParams,
        `no agent named ${name} on this server; resources/list shows the agent:// URIs`,
      );
    }
    const agent = (await services.catalog()).get(name);
    const { source: _source, ...definition } = agent;
    return {
      contents: [{
        uri: uri.href,
        mimeType: "application/json",
        text: JSON.stringify({ ...agentSpec(agent), definition }, null, 2),
      }],
    };
  });
}

function registerAgentPrompt(
  server: McpServer,
  agent: AgentDefinition,
  authorize?: Authorize,
): void {
  server.registerPrompt(agent.name, {
    title: agent.name,
    description: agent.description,
    argsSchema: { task: z.string().optional().describe("the task for the agent") },
  }, async ({ task }) => {
    const denial = await authorize?.({ kind: "resource", uri: `prompt:${agent.name}` });
    if (denial) throw new McpError(ErrorCode.InvalidRequest, accessDeniedError(denial).message);
    return promptOf(agent, task);
  });
}

function promptOf(agent: AgentDefinition, task: string | undefined): GetPromptResult {
  return {
    description: agent.description,
    messages: [{
      role: "user",
      content: {
        type: "text",
        text: task ? `${agent.prompt}\n\n## Task\n\n${task}` : agent.prompt,
      },
    }],
  };
}

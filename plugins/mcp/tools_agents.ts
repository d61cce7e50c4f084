/**
 * Agent tools: the registry (`agent_list`, `spec`) and `agent_run`, which
 * queues a task for an agent and waits for its result up to a bound; longer
 * work returns the task id to poll with `task_status`. While it waits it
 * sends MCP progress notifications (when the client asked for them), so
 * clients that reset their timeout on progress can wait as long as they like.
 * @module
 */

import { z } from "../../core/deps.ts";
import { newCorrelationId } from "../../core/events/correlation.ts";
import { PrioritySchema, TERMINAL_STATES } from "../../core/queue/job.ts";
import type { AgentDefinition } from "../../agents/definition.ts";
import { inspectWorker } from "../km/worker_supervisor/inspect.ts";
import type { McpServices } from "./services.ts";
import { defineTool, type McpTool, type ToolContext } from "./tool_spec.ts";
import { jobView } from "./tools_tasks.ts";

/** One agent as the registry lists it (`/mcp/spec`, `spec`, `agent_list`). */
export interface AgentSpec {
  name: string;
  version: string;
  description: string;
  /** Model tier (opus, sonnet, haiku, inherit) or a full model id. */
  model: string;
  tools: string[];
  mcpServers: string[];
  source: string;
}

/** The registry entry of an agent. */
export function agentSpec(agent: AgentDefinition): AgentSpec {
  return {
    name: agent.name,
    version: agent.version,
    description: agent.description,
    model: agent.model ?? "inherit",
    tools: agent.tools,
    mcpServers: (agent.mcpServers ?? []).flatMap((entry) =>
      typeof entry === "string" ? [entry] : Object.keys(entry)
    ),
    source: agent.source.kind,
  };
}

/** The agent registry document served at `/mcp/spec` and by the `spec` tool. */
export async function registryDocument(services: McpServices): Promise<Record<string, unknown>> {
  const catalog = await services.catalog();
  return {
    project: services.paths.root,
    agents: catalog.agents.map(agentSpec),
    invalid: catalog.errors.map((error) => ({ message: error.message, hint: error.hint })),
  };
}

/** Input of a run: the task text and how long to wait for the result. */
export const RunInputSchema = z.object({
  task: z.string().min(1).max(100_000).describe("what the agent should do"),
  priority: PrioritySchema.default("high"),
  waitMs: z.number().int().min(0).max(600_000).default(45_000)
    .describe("how long to wait for the result before returning the task id"),
}).strict();

/**
 * Queues a run of `agentName` and waits up to `waitMs` for it to finish.
 *
 * @example
 * ```ts
 * const outcome = await runAgent(services, "reviewer-agent", { task: "review HEAD", priority: "high", waitMs: 1000 }, context);
 * ```
 */
export async function runAgent(
  services: McpServices,
  agentName: string,
  args: z.output<typeof RunInputSchema>,
  context: ToolContext,
): Promise<Record<string, unknown>> {
  const agent = (await services.catalog()).get(agentName);
  const queue = await services.queue();
  const { job } = await queue.enqueue({
    agent: agent.name,
    input: { task: args.task },
    priority: args.priority,
    correlationId: newCorrelationId(),
  });
  const deadline = services.now() + args.waitMs;
  let current = job;
  let delay = 50;
  while (!TERMINAL_STATES.includes(current.state) && services.now() < deadline) {
    await services.sleep(Math.min(delay, Math.max(0, deadline - services.now())), context.signal);
    delay = Math.min(delay * 2, 1000);
    current = (await queue.get(job.id)) ?? current;
    await context.progress(
      services.now() - (deadline - args.waitMs),
      `${agent.name}: ${current.state}${
        current.progress?.message ? ` (${current.progress.message})` : ""
      }`,
    );
  }
  if (TERMINAL_STATES.includes(current.state)) return { done: true, task: jobView(current) };
  return {
    done: false,
    taskId: current.id,
    state: current.state,
    hint: `still ${current.state} after ${args.waitMs} ms; poll task_status with id ${current.id}` +
      (current.state === "queued" ? workerHint(services) : ""),
  };
}

/** Why a job may still be queued: the project's supervised worker is not running. */
function workerHint(services: McpServices): string {
  const { status } = inspectWorker(services.paths);
  if (status === "running" || status === "restarting") return " (the worker is busy)";
  return ` (no worker runs for this project: its supervised worker is ${status}; ` +
    "run `super-agents start`, or `super-agents worker` in a terminal)";
}

/** The agent tools of a project. */
export function agentTools(services: McpServices): McpTool[] {
  return [
    defineTool({
      name: "agent_list",
      description: "List the project's agents with version, model tier, tools and description",
      input: z.object({}).strict(),
      mutates: false,
      async run() {
        return { agents: (await services.catalog()).agents.map(agentSpec) };
      },
    }),
    defineTool({
      name: "spec",
      description:
        "The agent registry: every agent with version, description, model tier and tools, plus invalid definitions",
      input: z.object({}).strict(),
      mutates: false,
      run: () => registryDocument(services),
    }),
    defineTool({
      name: "agent_run",
      description:
        "Run an agent on a task: queues it and returns the result if it finishes within waitMs, else the task id",
      input: RunInputSchema.extend({ agent: z.string().min(1).max(64) }).strict(),
      mutates: true,
      run: ({ agent, ...args }, context) => runAgent(services, agent, args, context),
    }),
  ];
}

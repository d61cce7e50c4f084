/**
 * Task queue tools: create a task for an agent, read its status, list tasks,
 * cancel one. They drive the project's `TaskQueue` (`core/queue`) directly:
 * every transition there is one SQLite transaction, safe next to the KM and
 * the workers. Creation goes through `submitTask`, like `task create`: the
 * same rate limit and the same `task.created` events. The input schemas are picked from the queue's own
 * `EnqueueSpecSchema`/`ListFilterSchema`, so the limits are the queue's.
 * @module
 */

import { z } from "../../core/deps.ts";
import { newCorrelationId } from "../../core/events/correlation.ts";
import {
  EnqueueSpecSchema,
  type Job,
  JOB_STATES,
  JobIdSchema,
  ListFilterSchema,
} from "../../core/queue/job.ts";
import type { McpServices } from "./services.ts";
import { defineTool, type McpTool } from "./tool_spec.ts";
import { jsonObjectText } from "./strict_input.ts";

/** The public view of a job (without lease internals). */
export function jobView(job: Job): Record<string, unknown> {
  return {
    id: job.id,
    agent: job.agent,
    state: job.state,
    priority: job.priority,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    correlationId: job.correlationId,
    progress: job.progress,
    result: job.result ?? null,
    error: job.error,
    createdAt: new Date(job.createdAt).toISOString(),
    startedAt: job.startedAt === null ? null : new Date(job.startedAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
  };
}

const createInput = EnqueueSpecSchema.pick({
  agent: true,
  priority: true,
  delayMs: true,
  maxAttempts: true,
  idempotencyKey: true,
  dependsOn: true,
  timeoutMs: true,
}).extend({
  task: z.string().min(1).max(100_000).describe("what the agent should do"),
  input: jsonObjectText("extra structured input for the agent").optional(),
}).strict();

/** The queue tools. */
export function taskTools(services: McpServices): McpTool[] {
  return [
    defineTool({
      name: "task_create",
      description:
        "Queue a task for an agent (priority critical/high/normal/low); returns the task id. " +
        'agent "auto" picks the agent from the task text and past outcomes, and says why',
      input: createInput,
      mutates: true,
      async run({ task, input, ...spec }) {
        const catalog = await services.catalog();
        let picked: { agent: string; explanation: string } | undefined;
        if (spec.agent === "auto") {
          // The analytics plugin's pick: descriptions and the outcome history.
          const { pickForMcp } = await import("../analytics/selection/pick_for_mcp.ts");
          const pick = pickForMcp(services.paths, task, catalog.agents);
          picked = { agent: pick.agent, explanation: pick.explanation };
          spec = { ...spec, agent: pick.agent };
        }
        const agent = catalog.get(spec.agent);
        const { submitTask } = await import("../../core/orchestration/submit_task.ts");
        const submitted = await submitTask(
          { paths: services.paths, config: services.config, queue: await services.queue() },
          {
            kind: "job",
            spec: {
              ...spec,
              agent: agent.name,
              input: { ...input, task },
              correlationId: newCorrelationId(),
            },
          },
          services.now,
        );
        return {
          created: submitted.created,
          task: jobView(submitted.jobs[0]),
          ...(picked ? { picked } : {}),
        };
      },
    }),
    defineTool({
      name: "task_status",
      description: "Read a task's state, progress, result or error by id",
      input: z.object({ id: JobIdSchema }).strict(),
      mutates: false,
      async run({ id }) {
        return jobView(await services.requireJob(id));
      },
    }),
    defineTool({
      name: "task_list",
      description: "List tasks, newest first, filtered by state and agent",
      input: ListFilterSchema.pick({ agent: true, correlationId: true }).extend({
        state: z.array(z.enum(JOB_STATES)).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      }).strict(),
      mutates: false,
      async run(filter) {
        const jobs = await (await services.queue()).list(filter);
        return { tasks: jobs.map(jobView) };
      },
    }),
    defineTool({
      name: "task_cancel",
      description: "Cancel a queued task, or ask a running one to stop",
      input: z.object({ id: JobIdSchema }).strict(),
      mutates: true,
      async run({ id }) {
        await services.requireJob(id);
        return jobView(await (await services.queue()).cancel(id));
      },
    }),
  ];
}

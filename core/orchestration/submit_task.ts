/**
 * The one place a user's request becomes queued work, for the CLI (`task
 * create`) and the MCP `task_create` tool alike: take a token from the
 * project's `task-create` rate limit (`resources.tasksPerMinute`), enqueue
 * one job or a whole pipeline, and record `task.created` for every job
 * that is new. A request over the limit fails before anything is queued,
 * with the limit and the config key in the error.
 * @module
 */

import { emitEvents } from "../events/emit.ts";
import type { EnqueueSpec, Job, Priority } from "../queue/job.ts";
import type { ProjectQueue } from "../queue/project_queue.ts";
import { enforceRateLimit } from "../resources/rate_limiter.ts";
import type { Pipeline } from "./dag.ts";
import { jobEvent } from "./job_events.ts";
import { enqueuePipeline } from "./pipeline.ts";

/** The config key of the limit, named in its error. */
export const TASK_RATE_KEY = "resources.tasksPerMinute";

/** What to queue: one job, or a pipeline with its task input. */
export type TaskRequest =
  | { kind: "job"; spec: EnqueueSpec }
  | {
    kind: "pipeline";
    pipeline: Pipeline;
    input: unknown;
    priority: Priority;
    correlationId: string;
  };

/** The jobs a request made. */
export interface SubmittedTask {
  flow?: string;
  /** False when an idempotency key matched an existing job. */
  created: boolean;
  jobs: Job[];
}

/**
 * Rate-limits, enqueues and records one request.
 *
 * @example
 * ```ts
 * const submitted = await submitTask(project, { kind: "job", spec: { agent: "noop" } });
 * submitted.jobs[0].state; // "queued"
 * ```
 */
export async function submitTask(
  { queue, paths, config }: ProjectQueue,
  request: TaskRequest,
  now: () => number = Date.now,
): Promise<SubmittedTask> {
  await enforceRateLimit(
    paths.state,
    "task-create",
    config.resources.tasksPerMinute,
    now,
    TASK_RATE_KEY,
  );
  let submitted: SubmittedTask;
  if (request.kind === "pipeline") {
    const { pipeline, input, priority, correlationId } = request;
    const enqueued = await enqueuePipeline(queue, pipeline, { input, correlationId, priority });
    submitted = {
      flow: enqueued.flow,
      created: true,
      jobs: enqueued.steps.map((step) => step.result.job),
    };
  } else {
    const { job, created } = await queue.enqueue(request.spec);
    submitted = { created, jobs: [job] };
  }
  if (submitted.created) {
    await emitEvents(paths, submitted.jobs.map((job) => jobEvent("task.created", job)));
  }
  return submitted;
}

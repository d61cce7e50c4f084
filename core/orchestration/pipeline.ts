/**
 * Pipelines as queue jobs. {@linkcode defaultPipeline} is the software
 * pipeline pm → architect → developer → reviewer(s) → test-executor →
 * integrator, with several reviewers running in parallel when configured.
 * {@linkcode enqueuePipeline} validates a pipeline and enqueues all its steps
 * in one transaction, with dependency edges, so any worker process can run
 * them: independent steps fan out, a step waits for all its inputs and gets
 * their results, and a failed step blocks its dependants only.
 * @module
 */

import type { Priority } from "../queue/job.ts";
import { type EnqueueResult, newJobId, type TaskQueue } from "../queue/queue.ts";
import { type Pipeline, PipelineSchema, topologicalOrder } from "./dag.ts";

/** Options of {@linkcode defaultPipeline}. */
export interface DefaultPipelineOptions {
  /** Reviewer agents run in parallel after the developer (default: reviewer-agent). */
  reviewers?: string[];
}

/**
 * The default software pipeline.
 *
 * @example
 * ```ts
 * defaultPipeline({ reviewers: ["reviewer-agent", "security-agent"] }).steps.length; // 7
 * ```
 */
export function defaultPipeline(options: DefaultPipelineOptions = {}): Pipeline {
  const reviewers = options.reviewers?.length ? options.reviewers : ["reviewer-agent"];
  const reviewSteps = reviewers.map((agent, i) => ({
    name: reviewers.length === 1 ? "reviewer" : `reviewer-${i + 1}`,
    agent,
    dependsOn: ["developer"],
  }));
  return {
    name: "software",
    steps: [
      { name: "pm", agent: "pm-agent" },
      { name: "architect", agent: "architect-agent", dependsOn: ["pm"] },
      { name: "developer", agent: "developer-agent", dependsOn: ["architect"] },
      ...reviewSteps,
      {
        name: "test-executor",
        agent: "test-executor-agent",
        dependsOn: reviewSteps.map((s) => s.name),
      },
      { name: "integrator", agent: "integrator-agent", dependsOn: ["test-executor"] },
    ],
  };
}

/** Options of {@linkcode enqueuePipeline}. */
export interface EnqueuePipelineOptions {
  /** The task every step receives (as `input.task`). */
  input?: unknown;
  correlationId?: string;
  priority?: Priority;
  /** Flow id (default: a new `flow_` id). */
  flow?: string;
  newId?: () => string;
}

/** The enqueued flow: its id and one job per step, in topological order. */
export interface EnqueuedPipeline {
  flow: string;
  steps: { step: string; result: EnqueueResult }[];
}

/** Validates `pipeline` (cycles rejected) and enqueues every step atomically. */
export async function enqueuePipeline(
  queue: TaskQueue,
  pipeline: Pipeline,
  options: EnqueuePipelineOptions = {},
): Promise<EnqueuedPipeline> {
  const parsed = PipelineSchema.parse(pipeline);
  const order = topologicalOrder(parsed.steps);
  const newId = options.newId ?? newJobId;
  const flow = options.flow ?? newId().replace(/^job_/, "flow_");
  const ids = new Map(order.map((step) => [step.name, newId()]));
  const results = await queue.enqueueMany(order.map((step) => ({
    id: ids.get(step.name)!,
    agent: step.agent,
    input: {
      pipeline: parsed.name,
      step: step.name,
      task: options.input ?? null,
      ...(step.input === undefined ? {} : { stepInput: step.input }),
    },
    priority: step.priority ?? options.priority ?? "normal",
    dependsOn: step.dependsOn.map((name) => ids.get(name)!),
    flow,
    node: step.name,
    correlationId: options.correlationId,
    parent: flow,
    maxAttempts: step.maxAttempts,
    timeoutMs: step.timeoutMs,
  })));
  return { flow, steps: order.map((step, i) => ({ step: step.name, result: results[i] })) };
}

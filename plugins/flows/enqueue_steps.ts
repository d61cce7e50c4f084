/**
 * Adding jobs to a running flow: each new job a node of the same flow, with
 * the same correlation id and priority, caused by the step that adds it,
 * and an idempotency key `<flow>:<node>` — so a step that is run again
 * (its worker killed after enqueueing) finds the jobs it made instead of
 * making them twice. All of one step's jobs go in one transaction.
 * @module
 */

import { jobEvent } from "../../core/orchestration/job_events.ts";
import type { EmitFn } from "../../core/orchestration/job_events.ts";
import { type Job, newJobId, type TaskQueue } from "../../core/queue/queue.ts";
import type { FlowJobInput } from "./flow_step.ts";

/** One job to add: its node name, agent, input and the nodes (or job ids) it waits for. */
export interface NewStep {
  node: string;
  agent: string;
  input: FlowJobInput;
  /** Node names of steps in the same batch, or ids of existing jobs. */
  after: string[];
}

/**
 * Enqueues `steps` into the flow of `cause` and returns the jobs by node.
 *
 * @example
 * ```ts
 * const jobs = await enqueueSteps(queue, emit, planJob, [{ node: "dev-a", agent: "developer-agent", input, after: [planJob.id] }]);
 * ```
 */
export async function enqueueSteps(
  queue: TaskQueue,
  emit: EmitFn,
  cause: Job,
  steps: NewStep[],
): Promise<Map<string, Job>> {
  const ids = new Map(steps.map((step) => [step.node, newJobId()]));
  const results = await queue.enqueueMany(steps.map((step) => ({
    id: ids.get(step.node)!,
    agent: step.agent,
    input: step.input,
    priority: cause.priority,
    dependsOn: step.after.map((name) => ids.get(name) ?? name),
    flow: cause.flow ?? undefined,
    node: step.node,
    ...(cause.correlationId ? { correlationId: cause.correlationId } : {}),
    parent: cause.id,
    idempotencyKey: `${cause.flow}:${step.node}`,
  })));
  const created = results.filter((r) => r.created).map((r) => r.job);
  for (const job of created) await emit(jobEvent("task.created", job, { addedBy: cause.node }));
  return new Map(results.map((r, i) => [steps[i].node, r.job]));
}

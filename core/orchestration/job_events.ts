/**
 * Events of the job lifecycle. Every state change the runner makes becomes
 * one event carrying the job id as `task`, the agent, and the request's
 * correlation id (a job enqueued with a foreign id gets a stable `toolu_`
 * id derived from it, so `trace` still groups the request).
 * @module
 */

import { CORRELATION_ID_PATTERN, correlationIdFrom } from "../events/correlation.ts";
import type { EventInput } from "../events/schema.ts";
import type { Job } from "../queue/job.ts";

/** Appends one event (in the product: `emitEvent` bound to the project). */
export type EmitFn = (event: EventInput) => Promise<unknown>;

/** The correlation id an event of this job carries. */
export function eventCorrelationId(correlationId: string | null): string | undefined {
  if (correlationId === null) return undefined;
  return CORRELATION_ID_PATTERN.test(correlationId)
    ? correlationId
    : correlationIdFrom(correlationId);
}

/**
 * The event of a job's state change.
 *
 * @example
 * ```ts
 * await emit(jobEvent("job.succeeded", job, { attempt: job.attempts }));
 * ```
 */
export function jobEvent(
  type: string,
  job: Job,
  payload: Record<string, unknown> = {},
): EventInput {
  return {
    type,
    agent: job.agent,
    task: job.id,
    correlationId: eventCorrelationId(job.correlationId),
    payload: {
      state: job.state,
      attempt: job.attempts,
      ...(job.flow ? { flow: job.flow, node: job.node } : {}),
      ...payload,
    },
  };
}

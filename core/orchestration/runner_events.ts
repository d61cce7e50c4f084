/**
 * What the job runner reports: events emitted without ever failing the job
 * (its state is already durable; a failed write goes to `onError`), the
 * event of a circuit's change of state, and the summary counter of each way
 * a job ends.
 * @module
 */

import type { EventInput } from "../events/schema.ts";
import type { Job } from "../queue/job.ts";
import { withSpan } from "../telemetry.ts";
import type { CircuitTransition } from "./circuit_breaker.ts";
import { eventCorrelationId } from "./job_events.ts";
import type { RunnerOptions, RunSummary } from "./runner_options.ts";

/** Emits `event` (in an `events.write` span) if the runner emits events; errors are reported. */
export async function emitReported(
  o: Pick<RunnerOptions, "emit" | "onError">,
  event: EventInput,
): Promise<void> {
  const emit = o.emit;
  if (!emit) return;
  try {
    await withSpan("events.write", { "super_agents.event.type": event.type }, () => emit(event));
  } catch (error) {
    o.onError?.(error, `event ${event.type}`); // the job's state is already durable
  }
}

/** The event of a circuit's change of state, caused by a job of its agent. */
export function circuitEvent(transition: CircuitTransition, job: Job): EventInput {
  return {
    type: `circuit.${transition.to === "half-open" ? "half_open" : transition.to}`,
    agent: transition.agent,
    task: job.id,
    correlationId: eventCorrelationId(job.correlationId),
    payload: { from: transition.from, to: transition.to, failures: transition.failures },
  };
}

/** The summary counter of each event a job can end with. */
export const ENDING_COUNTERS: Readonly<Record<string, keyof RunSummary | undefined>> = {
  "job.succeeded": "succeeded",
  "job.retrying": "retried",
  "job.dead": "dead",
  "job.failed": "dead",
  "job.cancelled": "cancelled",
  "job.released": "released",
};

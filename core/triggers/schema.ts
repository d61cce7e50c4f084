/**
 * Trigger files: `.claude/triggers/*.json`, written by git hooks, watchers
 * and scripts, consumed by the worker or `super-agents triggers process`.
 * A trigger is a JSON object with at least a `type`; other fields are kept.
 * @module
 */

import { z } from "../deps.ts";
import { CorrelationIdSchema, EventTypeSchema } from "../events/schema.ts";
import { EnqueueSpecSchema } from "../queue/job.ts";

/**
 * A job a trigger asks for: what `enqueue` takes, minus the ids and links the
 * processor sets (the correlation id comes from the trigger).
 */
export const TriggerJobSchema = EnqueueSpecSchema.omit({
  id: true,
  dependsOn: true,
  correlationId: true,
  parent: true,
  flow: true,
  node: true,
});
/** A job requested by a trigger. */
export type TriggerJob = z.input<typeof TriggerJobSchema>;

/** A trigger as stored in a file. */
export const TriggerSchema = z.object({
  /** What happened, e.g. `git.post-commit`. */
  type: EventTypeSchema,
  /** Agent that should handle it, when the writer knows. */
  agent: z.string().min(1).max(256).optional(),
  task: z.string().min(1).max(256).optional(),
  correlationId: CorrelationIdSchema.optional(),
  /** Epoch ms when the trigger was written. */
  createdAt: z.number().int().nonnegative().optional(),
  payload: z.unknown().optional(),
  /**
   * Jobs to enqueue (a hook that could not reach the queue leaves them here):
   * processing enqueues them instead of only recording an event.
   */
  jobs: z.array(TriggerJobSchema).min(1).max(100).optional(),
}).loose();

/** A trigger. */
export type Trigger = z.infer<typeof TriggerSchema>;
/** What writers pass to `writeTrigger`. */
export type TriggerInput = z.input<typeof TriggerSchema>;

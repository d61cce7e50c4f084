/**
 * What consuming a trigger does, for `triggers process` and the worker
 * alike. A trigger that carries `jobs` (a git hook that could not reach the
 * queue) is an enqueue request: its jobs are enqueued with the trigger's
 * correlation id — idempotency keys make a second processing harmless — and
 * each new job gets its `task.created` event. Any other trigger becomes one
 * event of its own type. {@linkcode hasPendingTriggers} lets a polling
 * worker skip the directory scan when nothing waits.
 * @module
 */

import type { EmitFn } from "../orchestration/job_events.ts";
import { jobEvent } from "../orchestration/job_events.ts";
import type { TaskQueue } from "../queue/queue.ts";
import type { ProjectPaths } from "../paths.ts";
import type { TriggerHandler } from "./process_triggers.ts";
import { parseTriggerName, triggerDirs } from "./trigger_paths.ts";

/** What {@linkcode triggerHandler} needs. */
export interface TriggerHandlerDeps {
  /** Appends events (in the product: `emitEvent`/`emitEvents` of the project). */
  emit: EmitFn;
  /** The queue, opened on first need (a trigger without jobs never opens it). */
  queue: () => Promise<TaskQueue>;
}

/**
 * The handler that turns triggers into jobs or events. Throwing (the queue
 * cannot be opened) leaves the trigger for a later attempt.
 *
 * @example
 * ```ts
 * await processTriggers(paths, triggerHandler({ emit, queue: () => openQueue(paths, config) }));
 * ```
 */
export function triggerHandler(deps: TriggerHandlerDeps): TriggerHandler {
  return async (trigger) => {
    const { type, agent, task, correlationId, payload, jobs } = trigger;
    if (!jobs?.length) {
      await deps.emit({ type, agent, task, correlationId, payload });
      return;
    }
    const queue = await deps.queue();
    const results = await queue.enqueueMany(jobs.map((job) => ({ ...job, correlationId })));
    for (const { job, created } of results) {
      if (created) await deps.emit(jobEvent("task.created", job, { trigger: type }));
    }
  };
}

/**
 * True when at least one trigger file waits in the pending directory.
 *
 * @example
 * ```ts
 * if (await hasPendingTriggers(paths)) await processTriggers(paths, handler);
 * ```
 */
export async function hasPendingTriggers(paths: Pick<ProjectPaths, "triggers">): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(triggerDirs(paths).pending)) {
      if (entry.isFile && parseTriggerName(entry.name)) return true;
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false; // no triggers directory: none pending
    throw error;
  }
  return false;
}

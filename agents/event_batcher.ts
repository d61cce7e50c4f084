/**
 * Coalesces the events of a running task: events that arrive while an
 * append is in flight are written together in the next one (one locked
 * write, one fsync), so a chatty agent costs one fsync per burst instead of
 * one per event. Order is kept; `drain` waits for everything and rethrows
 * an append failure, so nothing is lost silently.
 * @module
 */

import { emitEvents, type EventInput } from "../core/events/emit.ts";
import type { ProjectPaths } from "../core/paths.ts";

/** Batches event appends for one project; see the module doc. */
export class EventBatcher {
  readonly #paths: ProjectPaths;
  #queue: EventInput[] = [];
  #flushing: Promise<void> | undefined;
  #error: unknown;

  constructor(paths: ProjectPaths) {
    this.#paths = paths;
  }

  /**
   * Queues an event; it is appended as soon as the previous append is done.
   *
   * @example
   * ```ts
   * const events = new EventBatcher(paths);
   * events.push({ type: "agent.tool_call", task, correlationId, payload });
   * await events.drain();
   * ```
   */
  push(input: EventInput): void {
    this.#queue.push(input);
    this.#flushing ??= this.#flush();
  }

  /** Waits until every queued event is written; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    if (this.#error !== undefined) throw this.#error;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        await emitEvents(this.#paths, this.#queue.splice(0));
      }
    } catch (error) {
      this.#error ??= error; // reported by drain(); later events are still attempted
    } finally {
      this.#flushing = undefined;
      if (this.#queue.length > 0) this.#flushing = this.#flush();
    }
  }
}

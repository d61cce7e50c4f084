/**
 * Coalesces the events of a running task: events that arrive while an
 * append is in flight are written together in the next one (one locked
 * write, one fsync), so a chatty agent costs one fsync per burst instead of
 * one per event. Order is kept; `drain` waits for everything and rethrows
 * an append failure (once), so nothing is lost silently. The writer is the
 * project's log by default; a worker on another host passes its remote sink.
 * @module
 */

import { emitEvents, type EventInput } from "../core/events/emit.ts";
import type { ProjectPaths } from "../core/paths.ts";

/** Batches event appends for one project; see the module doc. */
export class EventBatcher {
  readonly #write: (events: EventInput[]) => Promise<unknown>;
  #queue: EventInput[] = [];
  #flushing: Promise<void> | undefined;
  #error: unknown;

  constructor(paths: ProjectPaths, write?: (events: EventInput[]) => Promise<unknown>) {
    this.#write = write ?? ((events) => emitEvents(paths, events));
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

  /** Waits until every queued event is written; rethrows the first failure since the last drain. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined) throw error;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        await this.#write(this.#queue.splice(0));
      }
    } catch (error) {
      this.#error ??= error; // reported by drain(); later events are still attempted
    } finally {
      this.#flushing = undefined;
      if (this.#queue.length > 0) this.#flushing = this.#flush();
    }
  }
}

/**
 * Messages produced in one turn travel together: one `postMessage` (one
 * structured clone, one wake-up of the other thread) for several jobs.
 * @module
 */

/**
 * Collects messages posted in one turn and sends them together at the end of
 * it: one message goes as itself, several as a `batch`.
 */
export class Outbox<M> {
  #messages: M[] = [];
  #post: (message: M | { type: "batch"; messages: M[] }) => void;

  constructor(post: (message: M | { type: "batch"; messages: M[] }) => void) {
    this.#post = post;
  }

  /** Queues `message`; it is posted once the current turn's microtasks have run. */
  add(message: M): void {
    this.#messages.push(message);
    if (this.#messages.length === 1) queueMicrotask(() => this.flush());
  }

  /** Posts what is queued now. */
  flush(): void {
    const messages = this.#messages.splice(0);
    if (messages.length === 1) this.#post(messages[0]);
    else if (messages.length > 1) this.#post({ type: "batch", messages });
  }
}

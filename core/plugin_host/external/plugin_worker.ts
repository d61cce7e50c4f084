/**
 * One Web Worker that runs a third-party plugin's code, seen from the CLI:
 * started with explicit permissions, every message it posts handed over
 * unparsed (the caller validates with zod — the worker runs plugin code),
 * and an uncaught error, an undeserialisable message or a deadline turned
 * into one failure. {@linkcode PluginWorker.close} terminates it; the
 * isolate is killed even if the plugin's code never yields. None starts in
 * a process without `--cached-only` (`import_containment.ts`).
 * @module
 */

import { assertImportsContained } from "./import_containment.ts";
import type { PluginWorkerPermissions } from "./worker_permissions.ts";

/** What the owner of a plugin worker hears from it. */
export interface PluginWorkerEvents {
  onMessage(data: unknown): void;
  /** The worker crashed, sent garbage or ran out of time; it is already terminated. */
  onFailure(message: string): void;
}

/** A running plugin worker. */
export class PluginWorker {
  readonly #worker: Worker;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /**
   * Starts `script` with `permissions`; `deadlineMs` (optional) bounds its whole life.
   *
   * @example
   * ```ts
   * const worker = new PluginWorker(url, "plugin hello", permissions, events, 10_000);
   * worker.post({ entry });
   * ```
   */
  constructor(
    script: URL,
    name: string,
    permissions: PluginWorkerPermissions,
    events: PluginWorkerEvents,
    deadlineMs?: number,
  ) {
    assertImportsContained(`the worker for the ${name}`);
    this.#worker = new Worker(script, { type: "module", name, deno: { permissions } });
    const fail = (message: string) => {
      if (this.#closed) return;
      this.close();
      events.onFailure(message);
    };
    this.#worker.onmessage = (event) => {
      if (!this.#closed) events.onMessage(event.data);
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      fail(event.message ?? "uncaught error");
    };
    this.#worker.onmessageerror = () => fail("it sent a message that could not be read");
    if (deadlineMs !== undefined) {
      this.#timer = setTimeout(() => fail(`it did not answer within ${deadlineMs} ms`), deadlineMs);
    }
  }

  /** Sends `message` to the worker. */
  post(message: unknown): void {
    if (!this.#closed) this.#worker.postMessage(message);
  }

  /** Terminates the worker (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#worker.terminate();
  }
}

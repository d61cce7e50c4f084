/**
 * Queue backends contributed from outside the core (plugins), kept in a
 * module that loads nothing: the composition root (`main.ts`) registers a
 * plugin's lazy loader at start-up without paying for the queue module or
 * zod, and {@linkcode openQueue} looks here for any backend it does not
 * have built in.
 * @module
 */

import type { QueueBackendLoader } from "./queue.ts";

const contributed = new Map<string, QueueBackendLoader>();

/**
 * Makes a plugin's backend available to `openQueue` under `name`.
 *
 * @example
 * ```ts
 * contributeQueueBackend("redis", async (paths, settings, options) =>
 *   (await import("./open_redis_queue.ts")).openRedisQueue(paths, settings, options));
 * ```
 */
export function contributeQueueBackend(name: string, loader: QueueBackendLoader): void {
  contributed.set(name, loader);
}

/** The contributed loader of `name`, if any. */
export function contributedQueueBackend(name: string): QueueBackendLoader | undefined {
  return contributed.get(name);
}

/**
 * Makes `queue.backend: redis` available to `openQueue`. Imported by
 * `main.ts` at start-up: it loads nothing but the core's (empty) backend
 * registry; BullMQ is imported only when a Redis queue is opened.
 * @module
 */

import { contributeQueueBackend } from "../../core/queue/backend_registry.ts";

/** Registers the `redis` backend (idempotent). */
export function registerRedisQueueBackend(): void {
  contributeQueueBackend("redis", async (paths, settings, options) => {
    const { openRedisQueue } = await import("./open_redis_queue.ts");
    return await openRedisQueue(paths, settings, options);
  });
}

registerRedisQueueBackend();

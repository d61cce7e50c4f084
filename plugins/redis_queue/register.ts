/**
 * Makes `queue.backend: redis` available to `openQueue`. Imported by
 * `main.ts` at start-up: it loads nothing but the core's (empty) backend
 * registry; BullMQ is imported only when a Redis queue is opened.
 * @module
 */

import { contributeQueueBackend } from "../../core/queue/backend_registry.ts";
import { importModule } from "../../core/lazy_import.ts";
import { registerDoctorCheck } from "../../core/doctor/check_registry.ts";

/** Registers the `redis` backend (idempotent). */
export function registerRedisQueueBackend(): void {
  contributeQueueBackend("redis", async (paths, settings, options) => {
    const { openRedisQueue } = await importModule<typeof import("./open_redis_queue.ts")>(
      new URL("./open_redis_queue.ts", import.meta.url),
    );
    return await openRedisQueue(paths, settings, options);
  });
}

registerRedisQueueBackend();
registerDoctorCheck({
  id: "redis-queue",
  load: () =>
    importModule<typeof import("./doctor_check.ts")>(new URL("./doctor_check.ts", import.meta.url)),
});

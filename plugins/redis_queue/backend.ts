/**
 * The `redis` queue backend as the plugin host loads it: `openQueue` opens
 * the project's queue on Redis ({@linkcode openRedisQueue}). Imported only
 * when `queue.backend` is `redis`, so BullMQ never loads otherwise.
 * @module
 */

import type { QueueBackendLoader } from "../../core/queue/queue.ts";
import { openRedisQueue } from "./open_redis_queue.ts";

/**
 * Opens the project's queue on Redis.
 *
 * @example
 * ```ts
 * const queue = await openQueue(paths, { ...config.queue, backend: "redis" }, {});
 * ```
 */
export const openQueue: QueueBackendLoader = openRedisQueue;

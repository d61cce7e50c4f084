/**
 * The `redis` queue plugin: the task queue on Redis with BullMQ, for workers
 * on several hosts sharing one project's work. Selected with
 * `queue.backend: redis` and `queue.redisUrl` (`rediss://` for TLS, a
 * password in the URL); the SQLite queue stays the default. `setup` makes
 * the backend available to `openQueue`; BullMQ itself loads only when a
 * Redis queue is opened.
 * @module
 */

import { z } from "../../core/deps.ts";
import { definePlugin } from "../../core/plugin.ts";
import { registerRedisQueueBackend } from "./register.ts";

/** The plugin's options (the connection lives in the `queue` config section). */
export const RedisQueueOptionsSchema = z.object({});

export default definePlugin({
  name: "redis-queue",
  kind: "queue",
  version: "1.0.0",
  summary: "the task queue on Redis (BullMQ): workers on several hosts share the work",
  options: RedisQueueOptionsSchema,
  defaults: {},
  setup() {
    registerRedisQueueBackend();
  },
});

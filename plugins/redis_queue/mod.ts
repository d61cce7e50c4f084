/**
 * The `redis-queue` plugin's manifest: the task queue on Redis with BullMQ,
 * for workers on several hosts sharing one project's work. Selected with
 * `queue.backend: redis` and `queue.redisUrl` (`rediss://` for TLS, a
 * password in the URL); the SQLite queue stays the default. Contributes the
 * `redis` queue backend (`backend.ts`; BullMQ loads only when a Redis queue
 * is opened) and its `doctor` check (`doctor_check.ts`). Data only.
 * @module
 */

import { definePlugin } from "../../core/plugin_host/manifest.ts";

export default definePlugin({
  name: "redis-queue",
  version: "1.0.0",
  kind: "queue",
  summary: "the task queue on Redis (BullMQ): workers on several hosts share the work",
  permissions: { net: true },
  queueBackends: [{ name: "redis", module: new URL("./backend.ts", import.meta.url) }],
  doctorChecks: [{ id: "redis-queue", module: new URL("./doctor_check.ts", import.meta.url) }],
});

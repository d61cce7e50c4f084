/**
 * Opening the Redis queue of a project: the queue name (shared by every host
 * of the project) comes from `queue.redisQueue`, or else the project
 * directory's name, and the server from `queue.redisUrl`.
 * @module
 */

import { basename } from "node:path";
import type { ProjectPaths } from "../../core/paths.ts";
import type { QueueOptions, QueueSettings } from "../../core/queue/queue.ts";
import { openRedisContext } from "./redis_context.ts";
import { RedisQueue } from "./redis_queue.ts";

/** The Redis queue name of a project. */
export function redisQueueName(paths: Pick<ProjectPaths, "root">, settings: QueueSettings): string {
  if (settings.redisQueue) return settings.redisQueue;
  const name = basename(paths.root).replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return (name || "project").slice(0, 100);
}

/**
 * Opens the project's queue on Redis.
 *
 * @example
 * ```ts
 * const queue = await openRedisQueue(paths, { ...config.queue, backend: "redis" });
 * await queue.enqueue({ agent: "reviewer" });
 * await queue.close();
 * ```
 */
export async function openRedisQueue(
  paths: Pick<ProjectPaths, "root">,
  settings: QueueSettings,
  options: QueueOptions = {},
): Promise<RedisQueue> {
  const ctx = await openRedisContext({
    url: settings.redisUrl,
    name: redisQueueName(paths, settings),
    settings,
    now: options.now ?? Date.now,
  });
  return new RedisQueue(ctx, options);
}

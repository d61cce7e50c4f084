/**
 * The queue of the project around a command's working directory: finds the
 * project, loads its configuration and opens the configured backend. The
 * one way commands (`task`, `queue`, `dlq`, `worker`) get at the queue.
 * @module
 */

import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { Context } from "../context.ts";
import { type ProjectPaths, requireProject } from "../paths.ts";
import { openQueue, type TaskQueue } from "./queue.ts";

/** An opened project queue. */
export interface ProjectQueue {
  paths: ProjectPaths;
  config: Config;
  queue: TaskQueue;
}

/**
 * Opens the queue of the context's project and runs `fn`, closing it afterwards.
 *
 * @example
 * ```ts
 * const stats = await withProjectQueue(ctx, ({ queue }) => queue.stats());
 * ```
 */
export async function withProjectQueue<T>(
  ctx: Context,
  fn: (project: ProjectQueue) => Promise<T>,
): Promise<T> {
  const paths = requireProject(ctx);
  const { config } = await loadConfig(ctx, { projectConfigPath: paths.config });
  const queue = await openQueue(paths, config);
  try {
    return await fn({ paths, config, queue });
  } finally {
    await queue.close();
  }
}

/**
 * The executor table: executor name → a literal dynamic import, so
 * `deno compile` sees every module and a worker loads only the one it runs.
 * This is the one place to add an executor (model providers add theirs here).
 * @module
 */

import type { Executor } from "./executor.ts";

/** Every executor a worker can run. */
export const executors: Record<string, () => Promise<{ execute: Executor }>> = {
  noop: () => import("./executors/noop.ts"),
  script: () => import("./executors/script.ts"),
  anthropic: () => import("../../plugins/anthropic/executor.ts"),
  local: () => import("../../plugins/local/executor.ts"),
};

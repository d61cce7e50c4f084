/**
 * A task the pool accepted and has not finished: waiting for a worker, or
 * sent to one.
 * @module
 */

import type { PoolOutcome, PoolTask } from "./pool_task.ts";

/** A task in the pool. */
export interface Pending {
  task: PoolTask;
  /** Tasks with equal keys can share a worker (same executor and permissions). */
  key: string;
  /** False when the task has its own workspace: its worker is not reused. */
  reusable: boolean;
  workspace: string | null;
  resolve: (outcome: PoolOutcome) => void;
  assigned: boolean;
}

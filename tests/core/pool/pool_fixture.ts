/**
 * Test support for the pool: a temp project and a pool running the real
 * worker modules (`agents/runtime/executors.ts`).
 * @module
 */

import { join } from "node:path";
import { type PoolOptions, WorkerPool } from "../../../core/pool/worker_pool.ts";
import type { PoolTask } from "../../../core/pool/worker_pool.ts";
import type { SandboxPlace } from "../../../core/pool/sandbox.ts";
import { workerUrlOf } from "../../../agents/runtime/executors.ts";

/** The worker module the product uses. */

/** A temp project with a pool. */
export interface PoolFixture {
  root: string;
  place: SandboxPlace;
  pool: WorkerPool;
  cleanup(): Promise<void>;
}

/** Creates a temp project and a pool over it. */
export async function poolFixture(options: Partial<PoolOptions> = {}): Promise<PoolFixture> {
  const root = await Deno.realPath(await Deno.makeTempDir({ prefix: "sa-pool-" }));
  const place = {
    root,
    workspacesDir: join(root, ".claude", "workspaces"),
    modelApiHost: "api.anthropic.com",
  };
  const pool = new WorkerPool({ workerUrl: workerUrlOf, size: 2, place, ...options });
  return {
    root,
    place,
    pool,
    cleanup: async () => {
      await pool.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

let counter = 0;

/** A task with test defaults. */
export function task(overrides: Partial<PoolTask> = {}): PoolTask {
  return {
    jobId: `job_test${++counter}_${crypto.randomUUID().slice(0, 8)}`,
    agent: "script",
    executor: "script",
    input: { ops: [] },
    attempt: 1,
    correlationId: null,
    dependencies: [],
    sandbox: {},
    timeoutMs: 30_000,
    ...overrides,
  };
}

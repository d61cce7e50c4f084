/**
 * Test support for the runner: a real SQLite queue in a temp project, a fake
 * pool whose behaviour each test scripts, and a recorder of emitted events.
 * @module
 */

import { defaultConfig } from "../../../core/config/schema.ts";
import type { EventInput } from "../../../core/events/schema.ts";
import { CircuitBreakers } from "../../../core/orchestration/circuit_breaker.ts";
import { ResultCache } from "../../../core/orchestration/result_cache.ts";
import { JobRunner, type RunnerOptions } from "../../../core/orchestration/runner.ts";
import { projectPaths } from "../../../core/paths.ts";
import type { PoolOutcome, PoolTask } from "../../../core/pool/worker_pool.ts";
import { openSqliteQueue, type SqliteQueue } from "../../../core/queue/sqlite_queue.ts";

/** A pool that runs `behaviour` in-process and can be cancelled. */
export class FakePool {
  readonly started: PoolTask[] = [];
  readonly #cancels = new Map<string, () => void>();

  constructor(public behaviour: (task: PoolTask) => Promise<PoolOutcome> | PoolOutcome) {}

  run(task: PoolTask): Promise<PoolOutcome> {
    this.started.push(task);
    return new Promise((resolve) => {
      this.#cancels.set(task.jobId, () => resolve({ kind: "cancelled" }));
      Promise.resolve(this.behaviour(task)).then(resolve);
    });
  }

  cancel(jobId: string): boolean {
    const cancel = this.#cancels.get(jobId);
    cancel?.();
    return cancel !== undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A queue, breakers, cache and a clock in a temp project. */
export interface RunnerFixture {
  queue: SqliteQueue;
  breakers: CircuitBreakers;
  cache: ResultCache;
  events: EventInput[];
  clock: { now: number };
  /** A runner with test defaults over `pool`. */
  runner(pool: FakePool, overrides?: Partial<RunnerOptions>): JobRunner;
  cleanup(): Promise<void>;
}

/** Creates the fixture; `fakeClock` drives queue, breakers and runner from `clock.now`. */
export async function runnerFixture(fakeClock = false): Promise<RunnerFixture> {
  const root = await Deno.makeTempDir({ prefix: "sa-runner-" });
  const clock = { now: Date.now() };
  const now = fakeClock ? () => clock.now : () => Date.now();
  const settings = { ...defaultConfig().queue, maxAttempts: 1, backoffBaseMs: 0 };
  const queue = openSqliteQueue(projectPaths(root), settings, { now });
  const breakers = new CircuitBreakers(queue.db, { failures: 2, coolDownMs: 60_000, now });
  const cache = new ResultCache(queue.db, now);
  const events: EventInput[] = [];
  return {
    queue,
    breakers,
    cache,
    events,
    clock,
    runner: (pool, overrides = {}) =>
      new JobRunner({
        queue,
        pool,
        workerId: "test-worker",
        leaseMs: 10_000,
        pollMs: 10,
        concurrency: 4,
        defaultTimeoutMs: 10_000,
        resolveAgent: (agent) => Promise.resolve({ executor: agent, version: "v1", sandbox: {} }),
        breakers,
        cache,
        emit: (event) => Promise.resolve(events.push(event)),
        once: true,
        now,
        ...overrides,
      }),
    cleanup: async () => {
      await queue.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

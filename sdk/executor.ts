/**
 * The executor contract as the plugin SDK states it: what an executor may
 * rely on for one job, and {@linkcode serveExecutor}, which a worker module
 * calls once. These are the SDK's own, explicitly written types — the
 * runtime's `ExecutorContext` (`agents/runtime/executor.ts`) is inferred from
 * zod schemas, which JSR cannot document or check quickly — and the
 * runtime's context must stay assignable to them:
 * `tests/plugin_sdk/contracts_test.ts` fails to type-check when it is not.
 * @module
 */

import { serveExecutor as serveWithRuntime } from "../agents/runtime/worker_host.ts";

export { PermanentJobError } from "../agents/runtime/executor.ts";

/** The job an executor runs. */
export interface ExecutorJob {
  /** The job's id in the queue. */
  id: string;
  /** The agent the job was queued for. */
  agent: string;
  /** The job's input, as it was enqueued (JSON). */
  input: unknown;
  /** 1 on the first attempt, 2 on the first retry, … */
  attempt: number;
  /** The id that ties the job's events and spans together, if any. */
  correlationId: string | null;
  /** What an earlier attempt last saved with `checkpoint`; absent on a fresh start. */
  checkpoint?: unknown;
}

/** The result of a job this one depended on (fan-in). */
export interface ExecutorDependency {
  /** The dependency's job id. */
  id: string;
  /** The agent that ran it. */
  agent: string;
  /** Its node name in the task graph, if it was part of one. */
  node: string | null;
  /** What its executor returned. */
  result: unknown;
}

/** A progress report. */
export interface ExecutorProgress {
  /** How far the job is, 0-100. */
  percent?: number;
  /** One line for the terminal and `task status`. */
  message?: string;
  /** Checkpoint data (prefer `checkpoint`, which keeps it across later reports). */
  data?: unknown;
}

/** The job's grants: `true` for all, or a list of absolute paths, hosts, programs or names. */
export interface ExecutorSandbox {
  /** The project root. */
  root: string;
  /** Paths the job may read. */
  read: boolean | string[];
  /** Paths the job may write. */
  write: boolean | string[];
  /** Hosts the job may reach. */
  net: boolean | string[];
  /** Programs the job may start (inside the operating system's sandbox). */
  run: boolean | string[];
  /** Environment variables the job may read. */
  env: boolean | string[];
}

/** Everything an executor gets for one job. */
export interface ExecutorContext {
  /** The job. */
  job: ExecutorJob;
  /** Results of the jobs this one depended on, in declared order. */
  dependencies: ExecutorDependency[];
  /** The project root (readable by default). */
  root: string;
  /** The job's own writable directory, or null when the sandbox has none. */
  workspace: string | null;
  /** The agent's settings the executor needs (model, tools, budget): opaque to the pool. */
  agentConfig: unknown;
  /** The job's grants. */
  sandbox: ExecutorSandbox;
  /** Reports progress to the pool (and on to the queue and the terminal). */
  progress(progress: ExecutorProgress): void;
  /**
   * Saves a checkpoint (JSON): when the job is claimed again — its worker
   * killed, its lease expired — the next attempt receives it as
   * `job.checkpoint` and can continue from there.
   */
  checkpoint(data: unknown): void;
}

/**
 * One executor: does one job's work and returns its result (JSON), or
 * throws. A thrown error with `retryable: false` (a
 * {@linkcode PermanentJobError}) sends the job straight to the dead-letter
 * queue; any other is retried.
 *
 * @example
 * ```ts
 * import type { Executor } from "jsr:@super-agents/cli/plugin";
 *
 * export const execute: Executor = (ctx) => {
 *   ctx.progress({ percent: 50, message: "half way" });
 *   return Promise.resolve({ input: ctx.job.input });
 * };
 * ```
 */
export type Executor = (ctx: ExecutorContext) => Promise<unknown>;

/**
 * Serves `execute`, the executor called `name`, to the worker pool: call it
 * once, at the top level of the worker module an executor contribution
 * names. The worker then runs each job it is sent inside the job's
 * permissions and reports progress and exactly one result or error per job.
 *
 * @example
 * ```ts
 * // worker.ts
 * import { serveExecutor } from "jsr:@super-agents/cli/plugin";
 *
 * serveExecutor("echo", (ctx) => Promise.resolve({ echoed: ctx.job.input }));
 * ```
 */
export function serveExecutor(name: string, execute: Executor): void {
  serveWithRuntime(name, execute);
}

/**
 * What the pool runs and how a run ends: the task handed to
 * {@linkcode WorkerPool.run} and its outcome, plus the outcomes the pool
 * itself decides (a sandbox denial, a failure, a timeout, a crashed worker).
 * @module
 */

import type { JobErrorInput, JobProgress } from "../queue/job.ts";
import type { DependencyResult } from "../queue/queue.ts";
import { boundaryError } from "./boundary_error.ts";
import type { RunMessage, WorkerError } from "./protocol.ts";
import type { JobSandbox } from "./job_sandbox.ts";
import type { SandboxSpec, WorkerPermissions } from "./sandbox.ts";

/** One job for the pool. */
export interface PoolTask {
  jobId: string;
  agent: string;
  /** The executor (its worker module is the pool's `workerUrl` of it). */
  executor: string;
  input: unknown;
  attempt: number;
  /** The request's correlation id as events carry it (`toolu_…`, see `job_events.ts`), or null. */
  correlationId: string | null;
  /** The job's last checkpoint, handed to the executor (a resumed job continues from it). */
  checkpoint?: unknown;
  dependencies: DependencyResult[];
  sandbox: SandboxSpec;
  timeoutMs: number;
  agentConfig?: unknown;
  /** What the job waits on: `model` jobs run in the model lane (see `laned_pool.ts`); default CPU. */
  lane?: "cpu" | "model";
  onProgress?: (progress: JobProgress) => void;
  /**
   * Per-call admission (the model lane): the job's worker gives its call
   * slot back while it waits and asks again before its next call. Without
   * it, a job's requests are granted at once.
   */
  callSlot?: CallSlotHost;
}

/** The lane's side of a job's call-slot requests (see `laned_pool.ts`). */
export interface CallSlotHost {
  /** Resolves true once the job may call again, false when the lane is closing. */
  acquire(): Promise<boolean>;
  /** The job gave its slot back; `clean`: its last call was not throttled. */
  release(clean: boolean): void;
}

/** How a task ended. `interrupted`: stopped through no fault of its own (shutdown, a sibling). */
export type PoolOutcome =
  | { kind: "succeeded"; result: unknown }
  | { kind: "failed"; error: JobErrorInput; retryable: boolean }
  | { kind: "cancelled" }
  | { kind: "interrupted"; reason: string };

/** The outcome of a job whose worker reported an error. */
export function failureOutcome(
  task: PoolTask,
  error: WorkerError,
  permissions: WorkerPermissions,
): PoolOutcome {
  const { agent, jobId } = task;
  if (error.notCapable) {
    return {
      kind: "failed",
      error: boundaryError(agent, jobId, error.message, permissions),
      retryable: false,
    };
  }
  return {
    kind: "failed",
    retryable: error.retryable,
    error: {
      code: error.code ?? "AGENT_FAILED",
      message: `agent "${agent}" failed: ${error.message}`,
      details: { agent, name: error.name, ...(error.stack ? { stack: error.stack } : {}) },
    },
  };
}

/** The outcome of a job that outlived its timeout (its worker is terminated). */
export function timeoutOutcome(task: PoolTask): PoolOutcome {
  return {
    kind: "failed",
    retryable: true,
    error: {
      code: "JOB_TIMEOUT",
      message: `agent "${task.agent}" (job ${task.jobId}) exceeded its timeout of ` +
        `${task.timeoutMs} ms; its worker was terminated`,
      details: { agent: task.agent, timeoutMs: task.timeoutMs },
    },
  };
}

/** The outcome of a job whose executor has no worker module: retrying cannot help. */
export function unknownExecutorOutcome(task: PoolTask): PoolOutcome {
  return {
    kind: "failed",
    retryable: false,
    error: {
      code: "EXECUTOR_UNKNOWN",
      message: `agent "${task.agent}" failed: no executor "${task.executor}"`,
      details: { agent: task.agent, executor: task.executor },
    },
  };
}

/** The outcome of a job whose worker crashed. */
export function crashOutcome(task: PoolTask, why: string): PoolOutcome {
  return {
    kind: "failed",
    retryable: true,
    error: {
      code: "WORKER_CRASHED",
      message: `the worker of agent "${task.agent}" crashed: ${why}`,
      details: { agent: task.agent },
    },
  };
}

/** The message that asks a worker to run `task`. */
export function runMessageOf(
  task: PoolTask,
  root: string,
  workspace: string | null,
  sandbox: JobSandbox,
): RunMessage {
  return {
    type: "run",
    taskId: task.jobId,
    executor: task.executor,
    job: {
      id: task.jobId,
      agent: task.agent,
      input: task.input,
      attempt: task.attempt,
      correlationId: task.correlationId,
      ...(task.checkpoint === undefined ? {} : { checkpoint: task.checkpoint }),
    },
    dependencies: task.dependencies,
    root,
    workspace,
    sandbox,
    agentConfig: task.agentConfig,
  };
}

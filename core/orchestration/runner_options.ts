/**
 * The types a `JobRunner` is built from: its options, the agent
 * resolution and pool it runs jobs with, the hook that takes relayed progress
 * messages, and the summary it returns.
 * @module
 */

import type { PoolOutcome, PoolTask } from "../pool/worker_pool.ts";
import type { SandboxSpec } from "../pool/sandbox.ts";
import type { Job, JobProgress } from "../queue/job.ts";
import type { TaskQueue } from "../queue/queue.ts";
import type { CircuitBreakers } from "./circuit_breaker.ts";
import type { LaneCapacity } from "./lane_claims.ts";
import type { EmitFn } from "./job_events.ts";
import type { ResultCache } from "./result_cache.ts";

/** How an agent runs: which executor, which version, inside which sandbox. */
export interface ResolvedAgent {
  executor: string;
  version: string;
  sandbox: SandboxSpec;
  timeoutMs?: number;
  /** Results may be reused for the same version and input. */
  cacheable?: boolean;
  agentConfig?: unknown;
  /** What its jobs wait on: `model` for an API-bound provider; default `cpu`. */
  lane?: "cpu" | "model";
}

/**
 * Progress messages of kinds the layer above knows (the agents layer relays a
 * sandboxed job's events, model health and cost this way, because only the
 * main thread may write the project's files). The core stays ignorant of the
 * kinds: it offers each message, and waits for the hook before recording how
 * the job ended.
 */
export interface ProgressHook {
  /** True when the message was handled (then it is not stored as the job's progress). */
  handle(job: Job, progress: JobProgress): boolean;
  /** Resolves once everything handled for `job` is recorded. */
  settle(job: Job): Promise<void>;
}

/**
 * How the layer above takes part in one job, decided when the job is
 * claimed: run the job itself in the worker process (a step that adds jobs
 * to its flow at run time, a merge), or change how the agent runs (its
 * sandbox, its root) and see its outcome before it is recorded.
 */
export type JobPreparation =
  | { kind: "here"; run(): Promise<PoolOutcome> }
  | {
    kind: "around";
    agent(resolved: ResolvedAgent): ResolvedAgent;
    finish(outcome: PoolOutcome): Promise<PoolOutcome>;
  };

/**
 * Run-time work around jobs (flows: a job in its own git worktree, a step
 * that expands its flow's DAG while it runs). `prepare` resolves to
 * undefined for a job it leaves alone; a throw fails the job (retryable
 * unless the error says `retryable: false`).
 */
export interface JobHooks {
  prepare(job: Job): Promise<JobPreparation | undefined>;
}

/** What the runner needs of a pool (the real one, or a fake in tests). */
export interface JobPool {
  run(task: PoolTask): Promise<PoolOutcome>;
  cancel(jobId: string): boolean;
  close(drainMs?: number): Promise<void>;
}

/** Counts of what a runner did. */
export interface RunSummary {
  succeeded: number;
  retried: number;
  dead: number;
  cancelled: number;
  released: number;
  deferred: number;
  cached: number;
}

/** Options of {@linkcode JobRunner}. */
export interface RunnerOptions {
  queue: TaskQueue;
  pool: JobPool;
  workerId: string;
  leaseMs: number;
  pollMs: number;
  concurrency: number;
  /** Claims per lane instead of `concurrency` wide (`lane_claims.ts`): the worker's two lanes. */
  lanes?: LaneCapacity;
  defaultTimeoutMs: number;
  /** The job is passed so a resolver can build per-job agent settings (the task text). */
  resolveAgent: (agent: string, job: Job) => Promise<ResolvedAgent>;
  /** Only these agents. */
  agents?: string[];
  breakers?: CircuitBreakers;
  cache?: ResultCache;
  emit?: EmitFn;
  /** Stop once nothing is claimable and nothing runs (`worker --once`). */
  once?: boolean;
  /** The clock (the breakers' and the queue's in tests). */
  now?: () => number;
  /** Errors that must not stop the loop (an event that could not be written). */
  onError?: (error: unknown, context: string) => void;
  /** Called on every start, progress and end of a job (terminal progress display). */
  onChange?: (job: Job, what: string, progress?: JobProgress) => void;
  /** Handles relayed progress messages; see {@linkcode ProgressHook}. */
  progressHook?: ProgressHook;
  /** Run-time work around jobs; see {@linkcode JobHooks}. */
  hooks?: JobHooks;
  /** Runs before every claim (the worker turns pending trigger files into jobs); errors go to onError. */
  beforeClaim?: () => Promise<void>;
}

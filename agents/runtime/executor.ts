/**
 * What an executor is: the function inside a sandboxed worker that does one
 * job's work (a no-op, a scripted test operation, a model call with tools).
 * Executors are listed in `executors.ts`; the worker module picks one per job.
 * A long executor saves checkpoints so a resumed job continues where it was.
 * @module
 */

import type { JobProgress } from "../../core/queue/job.ts";
import type { RunMessage } from "../../core/pool/protocol.ts";
import type { JobSandbox } from "../../core/pool/job_sandbox.ts";

/** Everything an executor gets for one job. */
export interface ExecutorContext {
  /** The job; `job.checkpoint` is what an earlier attempt last saved (absent on a fresh start). */
  job: RunMessage["job"];
  /** Results of the jobs this one depended on (fan-in), in declared order. */
  dependencies: RunMessage["dependencies"];
  /** The project root (readable by default). */
  root: string;
  /** The job's own writable directory, or null when the sandbox has none. */
  workspace: string | null;
  agentConfig: unknown;
  /**
   * The job's grants (absolute paths) and how its child processes are
   * contained: start every program through `containedCommand(ctx.sandbox, …)`.
   */
  sandbox: JobSandbox;
  /** Reports progress to the pool (and on to the queue and the terminal). */
  progress(progress: JobProgress): void;
  /**
   * Saves a checkpoint (JSON): stored as the job's progress data, so when the
   * job is claimed again — its worker killed, its lease expired — the next
   * attempt receives it as `job.checkpoint` and can continue from there.
   * Later progress reports keep it.
   */
  checkpoint(data: unknown): void;
  /**
   * The job's call slot in the model lane: it starts held; give it back
   * while waiting (a retry-after) and acquire it before the next model call.
   */
  callSlot?: { acquire(): Promise<boolean>; release(clean: boolean): void };
}

/** One executor: returns the job's result (JSON-serialisable) or throws. */
export type Executor = (ctx: ExecutorContext) => Promise<unknown>;

/** A failure retrying cannot fix (bad input): the job goes straight to the dead-letter queue. */
export class PermanentJobError extends Error {
  readonly retryable = false;
  constructor(message: string, readonly code = "AGENT_INPUT_INVALID") {
    super(message);
    this.name = "PermanentJobError";
  }
}

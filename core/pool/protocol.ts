/**
 * The messages between the pool and its Web Workers. The pool sends `run`;
 * the worker answers with `progress`, then exactly one `result` or `error`
 * for that task. Messages produced in the same turn travel together in one
 * `batch` (one structured clone and one wake-up of the other thread for
 * several jobs), in order (`outbox.ts`). The pool validates what a worker
 * sends with these schemas (a worker runs agent code); a worker checks what
 * the pool sends against the JSON Schema of {@linkcode RunMessageSchema} and
 * {@linkcode RunBatchSchema} (`run_message_check.ts`; regenerate
 * `run_message.schema.json` with `scripts/generate_run_message_schema.ts`
 * after changing them).
 * @module
 */

import { z } from "../deps.ts";
import { JobProgressSchema } from "../queue/job.ts";

/** A dependency's result handed to the job (fan-in). */
export const DependencyResultSchema = z.object({
  id: z.string(),
  agent: z.string(),
  node: z.string().nullable(),
  result: z.unknown(),
});

const grant = z.union([z.boolean(), z.array(z.string())]);

/** The worker's view of its job's sandbox (`JobSandbox`). */
export const JobSandboxSchema = z.object({
  root: z.string(),
  read: grant,
  write: grant,
  net: grant,
  run: grant,
  env: grant,
  containment: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("bubblewrap"), path: z.string() }),
    z.object({ kind: z.literal("uncontained"), reason: z.string() }),
    z.object({ kind: z.literal("unavailable"), reason: z.string() }),
  ]),
  programs: z.record(z.string(), z.string()),
  bwrapArgs: z.array(z.string()),
  denoDir: z.string().nullable(),
});

/** Pool → worker: run one job. */
export const RunMessageSchema = z.object({
  type: z.literal("run"),
  taskId: z.string(),
  executor: z.string(),
  job: z.object({
    id: z.string(),
    agent: z.string(),
    input: z.unknown(),
    attempt: z.number().int().min(1),
    correlationId: z.string().nullable(),
    /** The job's last checkpoint (its stored `progress.data`), when it resumes. */
    checkpoint: z.unknown().optional(),
  }),
  dependencies: z.array(DependencyResultSchema),
  root: z.string(),
  workspace: z.string().nullable(),
  /** The job's grants and how its child processes are contained (`job_sandbox.ts`). */
  sandbox: JobSandboxSchema,
  /** Agent settings the executor needs (model, tools, budget), opaque to the pool. */
  agentConfig: z.unknown().optional(),
});
/** Pool → worker message. */
export type RunMessage = z.infer<typeof RunMessageSchema>;

/** Pool → worker: several `run` messages at once. */
export const RunBatchSchema = z.object({
  type: z.literal("batch"),
  messages: z.array(RunMessageSchema),
});

/** A failure as the worker reports it. */
export const WorkerErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  /** The error (or one of its causes) was `Deno.errors.NotCapable`: a sandbox denial. */
  notCapable: z.boolean(),
  /** False when retrying cannot help (bad input, unknown executor). */
  retryable: z.boolean().default(true),
  code: z.string().optional(),
  stack: z.string().optional(),
});
/** A worker-side failure. */
export type WorkerError = z.infer<typeof WorkerErrorSchema>;

/**
 * Pool → worker: the answer to a job's `call-slot` acquire. `granted` false:
 * the pool is closing (the job is about to be stopped).
 */
export const CallSlotReplySchema = z.object({
  type: z.literal("call-slot"),
  taskId: z.string(),
  granted: z.boolean(),
});
/** Pool → worker reply to a call-slot request. */
export type CallSlotReply = z.infer<typeof CallSlotReplySchema>;

/** Worker → pool messages. */
export const WorkerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), taskId: z.string(), progress: JobProgressSchema }),
  /**
   * A model-lane job gives its call slot back while it waits (`release`;
   * `clean`: its last call was not throttled) and asks for one again before
   * its next call (`acquire`, answered by a {@linkcode CallSlotReplySchema}).
   */
  z.object({
    type: z.literal("call-slot"),
    taskId: z.string(),
    op: z.enum(["acquire", "release"]),
    clean: z.boolean(),
  }),
  z.object({ type: z.literal("result"), taskId: z.string(), result: z.unknown() }),
  z.object({ type: z.literal("error"), taskId: z.string(), error: WorkerErrorSchema }),
]);
/** Worker → pool message. */
export type WorkerMessage = z.infer<typeof WorkerMessageSchema>;

/** Worker → pool: several messages at once, in the order they were produced. */
export const WorkerBatchSchema = z.object({
  type: z.literal("batch"),
  messages: z.array(WorkerMessageSchema),
});

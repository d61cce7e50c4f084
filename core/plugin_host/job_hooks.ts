/**
 * What the `jobHooks` and `pipelines` contributions make. Job hooks take
 * part in a worker's jobs at run time (see `JobHooks` in
 * `core/orchestration/runner_options.ts`): the flows plugin runs a
 * write-capable job in its own git worktree and expands a flow's DAG while
 * it runs. A pipeline module builds the DAG `task create --pipeline <name>`
 * enqueues.
 * @module
 */

import type { Config } from "../config/schema.ts";
import type { Context } from "../context.ts";
import type { Pipeline } from "../orchestration/dag.ts";
import type { EmitFn } from "../orchestration/job_events.ts";
import type { JobHooks } from "../orchestration/runner_options.ts";
import type { ProjectPaths } from "../paths.ts";
import type { TaskQueue } from "../queue/queue.ts";

/** What a hooks module's `createJobHooks` receives. */
export interface JobHooksOptions {
  ctx: Context;
  config: Config;
  paths: ProjectPaths;
  queue: TaskQueue;
  emit: EmitFn;
  onError(error: unknown, context: string): void;
}

/** A hooks module: `createJobHooks` resolves to undefined when it has nothing to do. */
export interface JobHooksModule {
  createJobHooks(options: JobHooksOptions): Promise<JobHooks | undefined>;
}

/** What a pipeline module's `buildPipeline` receives (from `task create`'s flags). */
export interface PipelineOptions {
  root: string;
  config: Config;
  reviewers?: string[];
  /** `--width`: most subtasks at once. */
  width?: number;
}

/** A pipeline module. Undefined: the pipeline does not apply here (the built-in one is used). */
export interface PipelineModule {
  buildPipeline(options: PipelineOptions): Promise<Pipeline | undefined>;
}

/**
 * Composes several hooks: the first whose `prepare` takes a job has it.
 *
 * @example
 * ```ts
 * const hooks = composeJobHooks([flows, other]);
 * ```
 */
export function composeJobHooks(all: JobHooks[]): JobHooks | undefined {
  if (all.length === 0) return undefined;
  if (all.length === 1) return all[0];
  return {
    async prepare(job) {
      for (const hooks of all) {
        const prepared = await hooks.prepare(job);
        if (prepared) return prepared;
      }
      return undefined;
    },
  };
}

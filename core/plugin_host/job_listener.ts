/**
 * What a `jobListeners` contribution makes: something told about every job
 * a worker finishes (chat notifications, an issue tracker), which never
 * holds the worker up and can be waited for before the worker exits.
 * @module
 */

import type { Config } from "../config/schema.ts";
import type { Context } from "../context.ts";
import type { ProjectPaths } from "../paths.ts";
import type { Job } from "../queue/job.ts";

/** A live listener of one worker process. */
export interface JobListener {
  /** Called with the runner's change name (`job.succeeded`, `job.dead`, `cached`, ...). */
  ended(job: Job, what: string): void;
  /** Resolves when the work it started so far is done (each piece bounded by its own timeout). */
  settle(): Promise<void>;
}

/** What a listener module's `createJobListener` receives. */
export interface JobListenerOptions {
  ctx: Context;
  config: Config;
  paths: ProjectPaths;
  /** Reports a failure of the listener's own work (a webhook that did not answer). */
  onError(error: unknown, context: string): void;
}

/** A listener module: `createJobListener` resolves to undefined when it has nothing to do. */
export interface JobListenerModule {
  createJobListener(options: JobListenerOptions): Promise<JobListener | undefined>;
}

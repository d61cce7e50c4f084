/**
 * The main-thread side of a queued agent job. A sandboxed worker may not
 * write the project's files, so its executor relays events, model health
 * and the final outcome as job progress; {@linkcode JobRecorder} is the
 * runner's progress hook that records them: events through the batched
 * appender (one locked write per burst), health into the availability
 * monitor, and the outcome as a cost-ledger line plus the closing
 * `task.completed` / `task.failed` / `task.budget_exceeded` event, all
 * with the job's id and correlation id (on a worker of another host, both
 * through the project's KM, like its other events). The runner waits for `settle`
 * before it records how the job ended, so the log reads in order.
 * @module
 */

import type { Config } from "../core/config/schema.ts";
import type { Context } from "../core/context.ts";
import { correlationIdFrom, type EventInput, toDraft } from "../core/events/emit.ts";
import { eventCorrelationId } from "../core/orchestration/job_events.ts";
import type { ProgressHook } from "../core/orchestration/runner.ts";
import type { ProjectPaths } from "../core/paths.ts";
import type { Job, JobProgress } from "../core/queue/job.ts";
import type { AvailabilityMonitor } from "../core/router/availability.ts";
import { type Relay, RelaySchema } from "./agent_task.ts";
import type { EventBatcher } from "./event_batcher.ts";
import { type OutcomeSinks, recordOutcome } from "./record_outcome.ts";

/** What a {@linkcode JobRecorder} writes with. */
export interface JobRecorderOptions {
  ctx: Pick<Context, "now">;
  paths: ProjectPaths;
  config: Config;
  /** The batched event appender shared with the runner's own events. */
  events: EventBatcher;
  /** The availability monitor, loaded on the first health report. */
  monitor: () => Promise<AvailabilityMonitor>;
  /** Records that failed (reported, never thrown into the pool). */
  onError: (error: unknown, context: string) => void;
  /** Where outcomes go instead of the local files (a remote KM). */
  outcomeSinks?: OutcomeSinks;
}

/** Records what queued jobs relay; see the module doc. */
export class JobRecorder implements ProgressHook {
  readonly #o: JobRecorderOptions;
  readonly #pending = new Map<string, Promise<void>[]>();

  constructor(options: JobRecorderOptions) {
    this.#o = options;
  }

  /**
   * Takes a relayed message; false for progress of any other kind.
   *
   * @example
   * ```ts
   * const runner = new JobRunner({ ...options, progressHook: new JobRecorder(recorderOptions) });
   * ```
   */
  handle(job: Job, progress: JobProgress): boolean {
    const parsed = RelaySchema.safeParse(progress.data);
    if (!parsed.success) return false;
    const message: Relay = parsed.data;
    // Streamed text ("output") has no reader in a queue worker: the final text is the job's result.
    if (message.kind === "event") this.#event(job, message.type, message.payload);
    else if (message.kind === "health") {
      this.#track(job, "model health", async () => {
        await (await this.#o.monitor()).apply(message.model, message.health);
      });
    } else if (message.kind === "outcome") {
      this.#track(job, "outcome", async () => {
        // The job's own events come before its closing event; a failed append is reported there.
        await this.#o.events.drain().catch((error) => this.#o.onError(error, "events"));
        await recordOutcome({
          ctx: this.#o.ctx,
          paths: this.#o.paths,
          config: this.#o.config,
          agent: { name: job.agent },
          provider: message.provider,
          taskId: job.id,
          correlationId: this.#correlation(job),
          result: message.result,
          ...(this.#o.outcomeSinks ? { sinks: this.#o.outcomeSinks } : {}),
        });
      });
    }
    return true;
  }

  /** Waits until everything `job` relayed is written. */
  async settle(job: Job): Promise<void> {
    const pending = this.#pending.get(job.id) ?? [];
    this.#pending.delete(job.id);
    await Promise.all(pending);
    await this.#o.events.drain();
  }

  #correlation(job: Job): string {
    return eventCorrelationId(job.correlationId) ?? correlationIdFrom(job.id);
  }

  #event(job: Job, type: string, payload: Record<string, unknown>): void {
    const event: EventInput = {
      type,
      agent: job.agent,
      task: job.id,
      correlationId: this.#correlation(job),
      payload,
    };
    try {
      toDraft(event); // an invalid event must not sink the batch it would be written with
    } catch (error) {
      this.#o.onError(error, `event ${type} of ${job.id}`);
      return;
    }
    this.#o.events.push(event);
  }

  #track(job: Job, what: string, work: () => Promise<void>): void {
    const done = work().catch((error) => this.#o.onError(error, `${what} of ${job.id}`));
    const list = this.#pending.get(job.id) ?? [];
    list.push(done);
    this.#pending.set(job.id, list);
  }
}

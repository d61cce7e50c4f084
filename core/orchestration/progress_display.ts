/**
 * Progress of a worker on the terminal: on a TTY one status line redrawn in
 * place (a spinner, counts, the latest job and its percentage); elsewhere
 * (pipes, CI logs) one plain line per finished job, so logs stay readable.
 * @module
 */

import { SPINNER_FRAMES, statusLine } from "../cli/progress.ts";
import type { Output } from "../context.ts";
import type { Job, JobProgress } from "../queue/job.ts";
import { formatDuration } from "./flow_view.ts";

/** A progress display fed by the runner's `onChange`. */
export interface ProgressDisplay {
  update(job: Job, what: string, progress?: JobProgress): void;
  /** Clears the status line (TTY) before the final summary is printed. */
  done(): void;
}

/**
 * A display on `out`; `live` selects the redrawn line (a TTY) over plain lines.
 *
 * @example
 * ```ts
 * const display = progressDisplay(ctx.stderr, ctx.stderr.isTerminal);
 * display.update(job, "started");
 * ```
 */
export function progressDisplay(
  out: Output,
  live: boolean,
  now = () => Date.now(),
): ProgressDisplay {
  const running = new Map<string, { job: Job; percent?: number }>();
  let finished = 0;
  let failed = 0;
  let frame = 0;
  const line = statusLine(out, now);
  const draw = (force = false) => {
    const latest = [...running.values()].at(-1);
    const detail = latest
      ? `  ${latest.job.agent} ${latest.job.id}${
        latest.percent === undefined ? "" : ` ${latest.percent}%`
      }`
      : "";
    // The frame advances only when the line is drawn (not throttled).
    const text = `${SPINNER_FRAMES[frame % SPINNER_FRAMES.length]} running ${running.size}` +
      `  done ${finished}  failed ${failed}${detail}`;
    if (line.draw(text, force)) frame++;
  };
  return {
    update(job, what, progress) {
      if (what === "started") running.set(job.id, { job });
      else if (what === "progress") {
        const entry = running.get(job.id);
        if (entry) entry.percent = progress?.percent;
      } else {
        running.delete(job.id);
        if (what === "job.succeeded" || what === "cached") finished++;
        else if (["job.dead", "job.failed", "job.cancelled"].includes(what)) failed++;
      }
      if (live) return void draw(what !== "progress");
      if (what === "started" || what === "progress") return;
      const took = job.startedAt && job.finishedAt
        ? ` in ${formatDuration(job.finishedAt - job.startedAt)}`
        : "";
      const message = `${job.id} ${job.agent} ${what.replace(/^job\./, "")}${took}` +
        (job.error && what !== "job.succeeded" ? `: ${job.error.message}` : "");
      out.write(message + "\n");
    },
    done() {
      if (live) line.clear();
    },
  };
}

/**
 * Text views of jobs for the terminal: one line per job for `task list`, and
 * the DAG of a flow for `task show` — each node with its state, timing and
 * the nodes it waits for, in the order the pipeline runs them.
 * @module
 */

import type { Styler } from "../cli/style.ts";
import type { Job, JobState } from "../queue/job.ts";

const MARK: Record<JobState, string> = {
  queued: "·",
  delayed: "…",
  leased: "▶",
  succeeded: "✓",
  failed: "⊘",
  dead: "✗",
  cancelled: "−",
};

/** Styles the views use. */
export type ViewStyles = Record<"dim" | "red" | "green" | "yellow" | "bold", Styler>;

/** "1.2s", "340ms", "3m05s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}s`;
}

/** How long a job ran (or has been running, marked with "…"), or "-". */
export function jobTiming(job: Job, now: number): string {
  if (job.startedAt === null) return "-";
  if (job.state === "leased") return `${formatDuration(now - job.startedAt)}…`;
  return job.finishedAt === null ? "-" : formatDuration(job.finishedAt - job.startedAt);
}

function colour(state: JobState, s: ViewStyles): Styler {
  if (state === "succeeded") return s.green;
  if (state === "dead" || state === "failed") return s.red;
  if (state === "leased" || state === "delayed") return s.yellow;
  return s.dim;
}

/** One line per job: id, agent, state, priority, attempts, timing. */
export function renderJobList(jobs: Job[], now: number, s: ViewStyles): string {
  if (jobs.length === 0) return "no jobs\n";
  const width = Math.max(5, ...jobs.map((job) => job.agent.length));
  const lines = jobs.map((job) =>
    `${job.id}  ${job.agent.padEnd(width)}  ${colour(job.state, s)(job.state.padEnd(9))}  ` +
    `${job.priority.padEnd(8)}  ${job.attempts}/${job.maxAttempts}  ${jobTiming(job, now)}` +
    (job.node ? s.dim(`  ${job.flow}:${job.node}`) : "")
  );
  return lines.join("\n") + "\n";
}

/**
 * The DAG of one flow (jobs in enqueue order, which is topological); with
 * `attention: false` no "needs attention" line (a caller that said why already).
 */
export function renderFlow(
  jobs: Job[],
  now: number,
  s: ViewStyles,
  options: { attention?: boolean } = {},
): string {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const width = Math.max(4, ...jobs.map((job) => (job.node ?? job.id).length));
  const counts = new Map<string, number>();
  for (const job of jobs) counts.set(job.state, (counts.get(job.state) ?? 0) + 1);
  const head = `${s.bold(`flow ${jobs[0]?.flow ?? "?"}`)}  ${jobs.length} steps  ` +
    [...counts].map(([state, n]) => `${n} ${state}`).join(", ") +
    (jobs[0]?.correlationId ? s.dim(`  correlation ${jobs[0].correlationId}`) : "") +
    // A dead step stops what depends on it until it is retried (its error is below).
    (counts.has("dead") && options.attention !== false
      ? `\n  ${s.red("needs attention:")} a step is dead; retry it once its error is fixed`
      : "");
  const lines = jobs.map((job) => {
    const inputs = job.dependsOn.map((id) => byId.get(id)?.node ?? id);
    const paint = colour(job.state, s);
    return `  ${paint(MARK[job.state])} ${(job.node ?? job.id).padEnd(width)}  ` +
      `${paint(job.state.padEnd(9))}  ${jobTiming(job, now).padEnd(8)}  ${s.dim(job.id)}` +
      (inputs.length ? `  ← ${inputs.join(", ")}` : "") +
      (job.error && job.state !== "succeeded" ? `\n      ${s.red(job.error.message)}` : "");
  });
  return [head, ...lines].join("\n") + "\n";
}

/**
 * Where the time of one profiled task went, computed from its spans (and,
 * for a queued task, the job's timestamps in queue.db): queue wait, process
 * and worker start, model calls, tool calls, event writes, and the rest.
 * Phases do not overlap: worker start excludes the event writes before the
 * agent starts, and "other" is what the job's (or run's) span holds besides
 * the measured phases.
 * @module
 */

import type { ReceivedSpan } from "./otlp_receiver.ts";

/** One line of the breakdown. */
export interface Phase {
  name: string;
  ms: number | null;
  count?: number;
  detail: string;
}

/** A profile, as printed and as `--json`. */
export interface TaskProfile {
  agent: string;
  via: "queue" | "run";
  status: string;
  correlationId: string | null;
  task: string | null;
  totalMs: number;
  phases: Phase[];
  error?: { code?: string; message?: string };
}

/** The job's timestamps (queue mode). */
export interface JobTimes {
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** What {@linkcode profileOf} needs. */
export interface ProfileInput {
  agent: string;
  via: "queue" | "run";
  status: string;
  /** The task's spans (scope super-agents). */
  spans: ReceivedSpan[];
  /** Epoch ms when the subprocess was started and when it exited. */
  spawnedAt: number;
  exitedAt: number;
  job?: JobTimes;
  error?: { code?: string; message?: string };
}

const sum = (spans: ReceivedSpan[]) => spans.reduce((total, s) => total + (s.endMs - s.startMs), 0);

function tally(spans: ReceivedSpan[], label: (span: ReceivedSpan) => string): string {
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(label(span), (counts.get(label(span)) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(", ");
}

/**
 * Builds the breakdown.
 *
 * @example
 * ```ts
 * const profile = profileOf({ agent, via: "queue", status: "succeeded", spans, spawnedAt, exitedAt, job });
 * ```
 */
export function profileOf(input: ProfileInput): TaskProfile {
  const { spans } = input;
  const outer = spans.find((s) => s.name.startsWith("job ")) ??
    spans.find((s) => s.name.startsWith("task "));
  const agent = spans.find((s) => s.name.startsWith("executor ")) ??
    spans.find((s) => s.name.startsWith("invoke_agent "));
  const chats = spans.filter((s) => s.name.startsWith("chat "));
  const tools = spans.filter((s) => s.name.startsWith("execute_tool "));
  const writes = spans.filter((s) => s.name === "events.write");
  const phases: Phase[] = [];
  if (input.via === "queue" && input.job?.startedAt) {
    phases.push({
      name: "queue wait",
      ms: input.job.startedAt - input.job.createdAt,
      detail: `enqueued → claimed; includes starting the worker process (${
        Math.max(0, Math.round(input.job.startedAt - input.spawnedAt))
      } ms)`,
    });
  } else {
    phases.push({
      name: "queue wait",
      ms: null,
      detail: input.via === "run" ? "not queued (--via run)" : "never claimed",
    });
    if (outer) {
      phases.push({
        name: "process start",
        ms: outer.startMs - input.spawnedAt,
        detail: "spawn → the task began (Deno start-up, imports, configuration)",
      });
    }
  }
  // Event writes before the agent starts (job.started) count as event writes, not worker start.
  const earlyWrites = agent ? writes.filter((s) => s.endMs <= agent.startMs) : [];
  const workerStart = outer && agent ? agent.startMs - outer.startMs - sum(earlyWrites) : null;
  phases.push({
    name: "worker start",
    ms: workerStart,
    detail: workerStart === null
      ? "ran in-process (no sandboxed worker)"
      : "→ the agent running in its sandboxed Web Worker (resolve, spawn, import)",
  });
  const tokens = chats.reduce(
    (total, s) =>
      total + Number(s.attributes["gen_ai.usage.input_tokens"] ?? 0) +
      Number(s.attributes["gen_ai.usage.output_tokens"] ?? 0),
    0,
  );
  const cost = chats.reduce(
    (total, s) => total + Number(s.attributes["super_agents.cost_usd"] ?? 0),
    0,
  );
  const failedCalls = chats.filter((s) => s.failed).length;
  phases.push({
    name: "model calls",
    ms: sum(chats),
    count: chats.length,
    detail: chats.length
      ? `${tally(chats, (s) => s.name.slice(5))} · ${tokens} tokens · $${cost.toFixed(4)}` +
        (failedCalls ? ` · ${failedCalls} failed (retried or fell back)` : "")
      : "none",
  });
  phases.push({
    name: "tool calls",
    ms: sum(tools),
    count: tools.length,
    detail: tools.length ? tally(tools, (s) => s.name.slice(13)) : "none",
  });
  phases.push({
    name: "event writes",
    ms: sum(writes),
    count: writes.length,
    detail: writes.length
      ? tally(writes, (s) => String(s.attributes["super_agents.event.type"]))
      : "none traced",
  });
  if (outer) {
    const accounted = (workerStart ?? 0) + sum(chats) + sum(tools) + sum(writes);
    phases.push({
      name: "other",
      ms: Math.max(0, outer.endMs - outer.startMs - accounted),
      detail: "agent code between calls, routing, recording the result",
    });
  }
  const start = input.job?.createdAt ?? input.spawnedAt;
  const end = outer?.endMs ?? input.exitedAt;
  const correlation = outer?.attributes["super_agents.correlation_id"];
  const task = outer?.attributes["super_agents.job_id"] ??
    outer?.attributes["super_agents.task_id"];
  return {
    agent: input.agent,
    via: input.via,
    status: input.status,
    correlationId: typeof correlation === "string" ? correlation : null,
    task: typeof task === "string" ? task : null,
    totalMs: end - start,
    phases,
    ...(input.error ? { error: input.error } : {}),
  };
}

function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** The breakdown as text, one phase per line with its share of the total. */
export function renderProfile(profile: TaskProfile): string {
  const lines = [
    `profile of ${profile.agent} (${profile.via}) · ${profile.status}` +
    (profile.task ? ` · ${profile.task}` : "") +
    (profile.correlationId ? ` · ${profile.correlationId}` : ""),
    `${"total".padEnd(16)}${formatMs(profile.totalMs).padStart(10)}`,
  ];
  for (const phase of profile.phases) {
    const share = phase.ms === null || profile.totalMs <= 0
      ? "     "
      : `${Math.round((phase.ms / profile.totalMs) * 100).toString().padStart(3)} %`;
    const name = phase.count !== undefined ? `${phase.name} (${phase.count})` : phase.name;
    lines.push(`  ${name.padEnd(18)}${formatMs(phase.ms).padStart(10)}  ${share}  ${phase.detail}`);
  }
  if (profile.error) {
    lines.push(`error: [${profile.error.code ?? "ERROR"}] ${profile.error.message ?? ""}`);
  }
  return lines.join("\n") + "\n";
}

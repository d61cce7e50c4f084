/**
 * The state of a parallel flow, read from its jobs in the queue (and the
 * record `flow apply` or `flow discard` leaves in `.claude/state/flows/`):
 * running, `needs-attention` (a job of it failed for good: which, and why),
 * `ready` (its integration branch is the result), `applied` or `discarded`;
 * with the subtasks, their branches and the conflicts met on the way.
 * @module
 */

import { join } from "node:path";
import { z } from "../../core/deps.ts";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { Job, TaskQueue } from "../../core/queue/queue.ts";
import type { FinishResult } from "./finish_step.ts";
import { flowStepOf } from "./flow_step.ts";
import type { IntegrateResult } from "./integrate_step.ts";
import type { WorktreeCommit } from "./commit_worktree.ts";
import { outsideOwned } from "./plan.ts";

/** What `flow apply` or `flow discard` recorded. */
export const FlowRecordSchema = z.object({
  state: z.enum(["applied", "discarded"]),
  at: z.number().int(),
  commit: z.string().optional(),
});
/** A flow's record. */
export type FlowRecord = z.infer<typeof FlowRecordSchema>;

/** One subtask of a flow. */
export interface SubtaskView {
  id: string;
  title: string;
  node: string;
  job: string;
  state: Job["state"];
  branch: string;
  owns: string[];
  files: string[];
  /** The files it changed outside what it owns (the plan's ownership is reported, not enforced). */
  outside: string[];
}

/** A flow as `flow show` presents it. */
export interface FlowView {
  flow: string;
  correlationId: string | null;
  state: "running" | "needs-attention" | "ready" | "applied" | "discarded";
  /** Why it needs attention. */
  attention?: string;
  subtasks: SubtaskView[];
  conflicts: { round: number; branch: string; files: string[] }[];
  result?: FinishResult;
  record?: FlowRecord;
  jobs: Job[];
}

function recordPath(paths: ProjectPaths, flow: string): string {
  return join(paths.state, "flows", `${flow}.json`);
}

/** Records that a flow was applied or discarded. */
export async function writeFlowRecord(paths: ProjectPaths, flow: string, record: FlowRecord) {
  await Deno.mkdir(join(paths.state, "flows"), { recursive: true });
  await writeJsonAtomic(recordPath(paths, flow), record);
}

async function readFlowRecord(paths: ProjectPaths, flow: string): Promise<FlowRecord | undefined> {
  try {
    return FlowRecordSchema.parse(JSON.parse(await Deno.readTextFile(recordPath(paths, flow))));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new SuperAgentsError(
      "FLOW_RECORD_INVALID",
      `${recordPath(paths, flow)}: ${(error as Error).message}`,
      {
        hint: "delete the file; `flow show` then reads the flow from its jobs",
      },
    );
  }
}

/**
 * The view of flow `id` (a flow id, or the id of one of its jobs).
 *
 * @example
 * ```ts
 * const view = await readFlow(queue, paths, "flow_m3k2...");
 * view.state; // "ready"
 * ```
 */
export async function readFlow(
  queue: TaskQueue,
  paths: ProjectPaths,
  id: string,
): Promise<FlowView> {
  const single = await queue.get(id);
  if (single && !single.flow) return await isolatedJobView(paths, single);
  const flow = single?.flow ?? id;
  const jobs = await queue.list({ flow, order: "oldest", limit: 10_000 });
  if (jobs.length === 0) {
    throw new SuperAgentsError("FLOW_NOT_FOUND", `no flow ${id} in the queue`, {
      hint: "`super-agents task list` shows the jobs and their flows",
    });
  }
  const subtasks: SubtaskView[] = [];
  const conflicts: FlowView["conflicts"] = [];
  let result: FinishResult | undefined;
  for (const job of jobs) {
    const step = safeStep(job);
    if (step?.role === "subtask") {
      const committed = (job.result as { worktree?: WorktreeCommit } | null)?.worktree;
      subtasks.push({
        id: step.subtask.id,
        title: step.subtask.title,
        node: job.node ?? job.id,
        job: job.id,
        state: job.state,
        branch: `super-agents/${flow}/dev-${step.subtask.id}`,
        owns: step.subtask.owns,
        files: committed?.files ?? [],
        outside: outsideOwned(committed?.files ?? [], step.subtask.owns),
      });
    }
    if (step?.role === "integrate" && job.state === "succeeded") {
      const conflict = (job.result as IntegrateResult | null)?.conflict;
      if (conflict) {
        conflicts.push({ round: step.round, branch: conflict.branch, files: conflict.files });
      }
    }
    if (step?.role === "finish" && job.state === "succeeded") result = job.result as FinishResult;
  }
  const record = await readFlowRecord(paths, flow);
  const broken = jobs.filter((job) =>
    job.state === "dead" || job.state === "failed" || job.state === "cancelled"
  );
  const view: FlowView = {
    flow,
    correlationId: jobs[0].correlationId,
    state: record?.state ?? (result ? "ready" : broken.length ? "needs-attention" : "running"),
    subtasks,
    conflicts,
    jobs,
    ...(result ? { result } : {}),
    ...(record ? { record } : {}),
  };
  if (view.state === "needs-attention") {
    // The causes: a job blocked by another's failure is retried with it.
    const causes = broken.filter((job) => !job.error?.message.startsWith("blocked: dependency"));
    view.attention = causes.map((job) =>
      `${job.node ?? job.id} ${job.state}: ${job.error?.message ?? "cancelled"}`
    ).join("; ") +
      `. Its worktrees are kept under .claude/worktrees/${flow}/; fix the cause, then ` +
      causes.map((job) =>
        `\`super-agents task retry ${job.id}\``
      ).join(" and ") +
      ` (what it blocked runs after it), or \`super-agents flow discard ${flow}\``;
  }
  return view;
}

/** A job outside a flow that ran in its own worktree (`isolation: worktree`), as a flow of one. */
async function isolatedJobView(paths: ProjectPaths, job: Job): Promise<FlowView> {
  const committed = (job.result as { worktree?: WorktreeCommit } | null)?.worktree;
  const kept = await Deno.lstat(join(paths.root, ".claude", "worktrees", job.id)).then(
    () => true,
    (error) => {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    },
  );
  if (!committed && !kept) {
    throw new SuperAgentsError(
      "FLOW_NOT_FOUND",
      `job ${job.id} is not part of a flow and did not run in a worktree`,
      { hint: "`super-agents task show " + job.id + "` shows it" },
    );
  }
  const record = await readFlowRecord(paths, job.id);
  const broken = ["dead", "failed", "cancelled"].includes(job.state);
  const done = committed !== undefined && job.state === "succeeded";
  const view: FlowView = {
    flow: job.id,
    correlationId: job.correlationId,
    state: record?.state ?? (done ? "ready" : broken ? "needs-attention" : "running"),
    subtasks: [],
    conflicts: [],
    jobs: [job],
    ...(done
      ? {
        result: {
          branch: committed.branch,
          base: committed.base,
          commit: committed.commit,
          files: committed.files,
          diffStat: committed.diffStat,
        },
      }
      : {}),
    ...(record ? { record } : {}),
  };
  if (view.state === "needs-attention") {
    view.attention =
      `${job.agent} ${job.state}: ${job.error?.message ?? "cancelled"}. Its worktree ` +
      `is kept under .claude/worktrees/${job.id}/; \`super-agents task retry ${job.id}\`, or ` +
      `\`super-agents flow discard ${job.id}\``;
  }
  return view;
}

function safeStep(job: Job) {
  try {
    return flowStepOf(job.input);
  } catch {
    return undefined; // a job whose input is not a flow step is shown as a plain job
  }
}

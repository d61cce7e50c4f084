/**
 * The `plan` step of a parallel flow, run in the worker process: reads the
 * architect's reply, takes its structured plan (`plan.ts`; a reply without
 * one is a single subtask), and adds to the flow one developer job per
 * subtask — each waiting for the subtasks it depends on and, to keep at most
 * `width` at once, for the one `width` places before it — and the first
 * integration round after all of them. Subtasks branch from the architect's
 * commit (its ADR, if it wrote one), or the flow's base.
 * @module
 */

import { SuperAgentsError } from "../../core/errors.ts";
import type { EmitFn } from "../../core/orchestration/job_events.ts";
import type { Job, TaskQueue } from "../../core/queue/queue.ts";
import { enqueueSteps, type NewStep } from "./enqueue_steps.ts";
import { flowJobInput, type FlowStep, flowTask } from "./flow_step.ts";
import { planOf, type Subtask, windowed } from "./plan.ts";
import { subtaskTask } from "./prompts.ts";
import type { WorktreeCommit } from "./commit_worktree.ts";

/** What the plan step returns (the job's result). */
export interface PlanResult {
  base: string;
  subtasks: Subtask[];
  /** Subtask id → developer job id. */
  jobs: Record<string, string>;
  integrate: string;
}

interface DesignResult {
  output?: unknown;
  worktree?: WorktreeCommit;
}

/**
 * Runs the plan step of `job`.
 *
 * @example
 * ```ts
 * const result = await runPlanStep(queue, emit, job, { role: "plan", width: 4, reviewers: ["reviewer-agent"] });
 * ```
 */
export async function runPlanStep(
  queue: TaskQueue,
  emit: EmitFn,
  job: Job,
  step: Extract<FlowStep, { role: "plan" }>,
): Promise<PlanResult> {
  const dependencies = await queue.dependencyResults(job.id);
  const design = dependencies.find((d) => d.node === "architect")?.result as
    | DesignResult
    | undefined;
  const base = design?.worktree?.commit;
  if (!base) {
    throw new SuperAgentsError(
      "FLOW_NO_BASE",
      "the plan step found no architect result with a worktree commit to branch from",
      {
        hint: "the flow's architect step must run first; create the flow again",
        details: { retryable: false },
      },
    );
  }
  const task = flowTask(job.input);
  const output = typeof design?.output === "string" ? design.output : "";
  const plan = planOf(output) ?? {
    subtasks: [{
      id: "main",
      title: task.split("\n")[0].slice(0, 200) || "the task",
      owns: [],
      dependsOn: [],
    }],
  };
  const deps = windowed(plan.subtasks, step.width);
  const developers: NewStep[] = plan.subtasks.map((subtask) => ({
    node: `dev-${subtask.id}`,
    agent: "developer-agent",
    input: flowJobInput(`dev-${subtask.id}`, subtaskTask(task, subtask, plan.subtasks), {
      role: "subtask",
      base,
      subtask,
    }),
    after: [job.id, ...deps.get(subtask.id)!.map((id) => `dev-${id}`)],
  }));
  const integrate: NewStep = {
    node: "integrate-1",
    agent: "flow-integrate",
    input: flowJobInput("integrate-1", task, {
      role: "integrate",
      base,
      round: 1,
      branches: plan.subtasks.map((s) => ({
        subtask: s.id,
        title: s.title,
        branch: `super-agents/${job.flow}/dev-${s.id}`,
      })),
      reviewers: step.reviewers,
    }),
    after: developers.map((d) => d.node),
  };
  const jobs = await enqueueSteps(queue, emit, job, [...developers, integrate]);
  return {
    base,
    subtasks: plan.subtasks,
    jobs: Object.fromEntries(plan.subtasks.map((s) => [s.id, jobs.get(`dev-${s.id}`)!.id])),
    integrate: jobs.get("integrate-1")!.id,
  };
}

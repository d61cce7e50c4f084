/**
 * What a job of a parallel flow is, as its input says: the `flow` object
 * under the pipeline input's `stepInput` (the static steps carry it from
 * `pipeline.ts`, the steps added at run time from `expand.ts` and
 * `integrate.ts`). Validated with zod whenever a worker claims the job, so
 * a job whose input was edited into something else fails with the field.
 * @module
 */

import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { SubtaskSchema } from "./plan.ts";

const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "a full commit id");

/** One branch the integration merges. */
export const MergeBranchSchema = z.strictObject({
  subtask: z.string(),
  title: z.string(),
  branch: z.string(),
});

/** The role of a job in its flow. */
export const FlowStepSchema = z.discriminatedUnion("role", [
  /** A step before any worktree (the pm): it reads the user's tree and may write nothing. */
  z.strictObject({ role: z.literal("read") }),
  /** The architect: in its own worktree from the user's HEAD; its commit is the subtasks' base. */
  z.strictObject({ role: z.literal("design") }),
  /** Reads the architect's plan and adds one developer job per subtask, then the integration. */
  z.strictObject({
    role: z.literal("plan"),
    width: z.number().int().min(1).max(64),
    reviewers: z.array(z.string().min(1)).min(1).max(10),
  }),
  /** A developer in its own worktree from `base`. */
  z.strictObject({ role: z.literal("subtask"), base: sha, subtask: SubtaskSchema }),
  /** Merges the subtask branches, in order, onto the integration branch. */
  z.strictObject({
    role: z.literal("integrate"),
    base: sha,
    round: z.number().int().min(1).max(100),
    branches: z.array(MergeBranchSchema).min(1),
    reviewers: z.array(z.string().min(1)).min(1).max(10),
  }),
  /** A developer resolving a merge conflict on the integration worktree. */
  z.strictObject({
    role: z.literal("resolve"),
    round: z.number().int().min(1),
    branch: z.string(),
    files: z.array(z.string()).min(1),
  }),
  /** A reviewer or the test executor, reading the integration worktree. */
  z.strictObject({ role: z.literal("review") }),
  /** Records the result branch and removes the flow's worktrees and subtask branches. */
  z.strictObject({ role: z.literal("finish"), base: sha }),
]);
/** The role of a job in its flow. */
export type FlowStep = z.infer<typeof FlowStepSchema>;

/** The pipeline input of a flow job (`enqueuePipeline`'s shape). */
export interface FlowJobInput {
  pipeline: "software";
  step: string;
  task: string;
  stepInput: { flow: FlowStep };
}

/**
 * The flow role of a job's input; undefined for a job that is not part of a
 * parallel flow. An input that claims a role but does not fit throws
 * `FLOW_STEP_INVALID` (not retryable).
 *
 * @example
 * ```ts
 * flowStepOf({ task: "x", stepInput: { flow: { role: "review" } } }); // { role: "review" }
 * flowStepOf("review the last commit"); // undefined
 * ```
 */
export function flowStepOf(input: unknown): FlowStep | undefined {
  const stepInput = (input as { stepInput?: { flow?: unknown } } | null)?.stepInput;
  if (!stepInput || typeof stepInput !== "object" || stepInput.flow === undefined) return undefined;
  const parsed = FlowStepSchema.safeParse(stepInput.flow);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SuperAgentsError(
    "FLOW_STEP_INVALID",
    `the job's ${["input.stepInput.flow", ...issue.path.map(String)].join(".")}: ${issue.message}`,
    {
      hint: "the flow's jobs are made by super-agents; create the flow again",
      details: { retryable: false },
    },
  );
}

/** The task text of a flow job's input. */
export function flowTask(input: unknown): string {
  const task = (input as { task?: unknown } | null)?.task;
  return typeof task === "string" ? task : "";
}

/**
 * A flow job's input.
 *
 * @example
 * ```ts
 * flowJobInput("review", "add login", { role: "review" });
 * ```
 */
export function flowJobInput(step: string, task: string, flow: FlowStep): FlowJobInput {
  return { pipeline: "software", step, task, stepInput: { flow } };
}

/**
 * The `finish` step of a parallel flow, run in the worker process once the
 * reviewers and the test executor passed: the flow's result is its
 * integration branch. Every worktree of the flow and every branch but that
 * one are removed (on failure nothing is: a failed flow keeps its worktrees
 * for inspection until `flow discard` or `clean`).
 * @module
 */

import type { ProjectPaths } from "../../core/paths.ts";
import type { Job } from "../../core/queue/queue.ts";
import type { FlowStep } from "./flow_step.ts";
import { git } from "./git.ts";
import { flowWorktree, removeFlowWorktrees } from "./worktrees.ts";

/** The flow's result. */
export interface FinishResult {
  branch: string;
  base: string;
  commit: string;
  files: string[];
  diffStat: string;
}

/**
 * Runs the finish step of `job`.
 *
 * @example
 * ```ts
 * const { branch } = await runFinishStep(paths, job, { role: "finish", base });
 * ```
 */
export async function runFinishStep(
  paths: ProjectPaths,
  job: Job,
  step: Extract<FlowStep, { role: "finish" }>,
): Promise<FinishResult> {
  const { branch } = flowWorktree(paths, job.flow!, "integration");
  const commit = (await git(paths.root, ["rev-parse", "--verify", `refs/heads/${branch}`])).trim();
  const files = (await git(paths.root, ["diff", "--name-only", step.base, commit])).split("\n")
    .filter(Boolean);
  const diffStat = (await git(paths.root, ["diff", "--stat", step.base, commit])).trim();
  await removeFlowWorktrees(paths, job.flow!, { branches: true, keep: [branch] });
  return { branch, base: step.base, commit, files, diffStat };
}

/**
 * An integration round of a parallel flow, run in the worker process:
 * merges the subtask branches, in dependency order, onto the flow's
 * integration branch in its own worktree (`--no-ff`, as super-agents; a
 * branch already in it, or one whose subtask changed nothing, is skipped).
 * A merge left in progress by a killed attempt is aborted first, so nothing
 * is ever half-merged. A conflict is not a crash: the round records the
 * branch and files, and adds a resolution job (a developer on the
 * integration worktree, both sides in its task) and the next round after
 * it. Once every branch is in, it adds the reviewers, the test executor
 * (all reading the integration worktree) and the `finish` step.
 * @module
 */

import type { EmitFn } from "../../core/orchestration/job_events.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { Job, TaskQueue } from "../../core/queue/queue.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { enqueueSteps, type NewStep } from "./enqueue_steps.ts";
import { flowJobInput, type FlowStep, flowTask } from "./flow_step.ts";
import { AGENT_IDENTITY, git, gitTry } from "./git.ts";
import { type ConflictSides, resolveTask, reviewTask } from "./prompts.ts";
import { abortMerge, ensureWorktree, flowWorktree } from "./worktrees.ts";

/** What an integration round returns (the job's result). */
export interface IntegrateResult {
  round: number;
  branch: string;
  /** Branches merged in this round. */
  merged: string[];
  /** The conflict that ended the round, when one did. */
  conflict?: { branch: string; files: string[]; resolveJob: string };
  /** The integration branch's head after the round. */
  commit: string;
  diffStat: string;
}

async function showStage(path: string, stage: number, file: string): Promise<string> {
  const shown = await gitTry(path, ["show", `:${stage}:${file}`]);
  return shown.code === 0 ? shown.stdout : "(absent on this side)";
}

async function conflictSides(path: string, files: string[]): Promise<ConflictSides[]> {
  return await Promise.all(files.map(async (file) => ({
    file,
    ours: await showStage(path, 2, file),
    theirs: await showStage(path, 3, file),
    merged: await Deno.readTextFile(`${path}/${file}`).catch(() => "(not a text file)"),
  })));
}

/**
 * Runs one integration round of `job`.
 *
 * @example
 * ```ts
 * const result = await runIntegrateStep({ queue, emit, paths }, job, step);
 * ```
 */
export async function runIntegrateStep(
  env: { queue: TaskQueue; emit: EmitFn; paths: ProjectPaths },
  job: Job,
  step: Extract<FlowStep, { role: "integrate" }>,
): Promise<IntegrateResult> {
  const integration = flowWorktree(env.paths, job.flow!, "integration");
  await ensureWorktree(env.paths, integration, step.base, { reset: false });
  await abortMerge(integration.path);
  const task = flowTask(job.input);
  const merged: string[] = [];
  for (const { branch, subtask, title } of step.branches) {
    const tip = await gitTry(integration.path, [
      "rev-parse",
      "-q",
      "--verify",
      `refs/heads/${branch}`,
    ]);
    if (tip.code !== 0) {
      throw new SuperAgentsError(
        "FLOW_BRANCH_MISSING",
        `the branch ${branch} of subtask ${subtask} is gone`,
        {
          hint: "it was deleted by hand; `super-agents flow discard " + job.flow +
            "` and create the flow again",
          details: { retryable: false },
        },
      );
    }
    const inside = await gitTry(integration.path, [
      "merge-base",
      "--is-ancestor",
      tip.stdout.trim(),
      "HEAD",
    ]);
    if (inside.code === 0) continue; // merged already, or the subtask changed nothing
    const merge = await gitTry(integration.path, [
      ...AGENT_IDENTITY,
      "merge",
      "--no-ff",
      "--no-edit",
      "-m",
      `Merge subtask ${subtask}: ${title}`,
      "--end-of-options",
      branch,
    ]);
    if (merge.code === 0) {
      merged.push(branch);
      continue;
    }
    const files = (await git(integration.path, ["diff", "--name-only", "--diff-filter=U"]))
      .split("\n").filter(Boolean);
    if (files.length === 0) {
      throw new SuperAgentsError(
        "FLOW_GIT_FAILED",
        `merging ${branch} failed: ${merge.stderr.trim()}`,
        {
          hint: `inspect ${integration.path}`,
        },
      );
    }
    const sides = await conflictSides(integration.path, files);
    const next = step.round + 1;
    const steps: NewStep[] = [
      {
        node: `resolve-${step.round}`,
        agent: "developer-agent",
        input: flowJobInput(`resolve-${step.round}`, resolveTask(task, branch, sides), {
          role: "resolve",
          round: step.round,
          branch,
          files,
        }),
        after: [job.id],
      },
      {
        node: `integrate-${next}`,
        agent: "flow-integrate",
        input: flowJobInput(`integrate-${next}`, task, { ...step, round: next }),
        after: [`resolve-${step.round}`],
      },
    ];
    const added = await enqueueSteps(env.queue, env.emit, job, steps);
    return {
      round: step.round,
      branch: integration.branch,
      merged,
      conflict: { branch, files, resolveJob: added.get(`resolve-${step.round}`)!.id },
      commit: (await git(integration.path, ["rev-parse", "HEAD"])).trim(),
      diffStat: "",
    };
  }
  const review = (node: string, agent: string, after: string[]): NewStep => ({
    node,
    agent,
    input: flowJobInput(node, reviewTask(task, integration.branch), { role: "review" }),
    after,
  });
  const reviewers = step.reviewers.map((agent, i) =>
    review(step.reviewers.length === 1 ? "reviewer" : `reviewer-${i + 1}`, agent, [job.id])
  );
  await enqueueSteps(env.queue, env.emit, job, [
    ...reviewers,
    review("test-executor", "test-executor-agent", reviewers.map((r) => r.node)),
    {
      node: "finish",
      agent: "flow-finish",
      input: flowJobInput("finish", task, { role: "finish", base: step.base }),
      after: ["test-executor"],
    },
  ]);
  const commit = (await git(integration.path, ["rev-parse", "HEAD"])).trim();
  return {
    round: step.round,
    branch: integration.branch,
    merged,
    commit,
    diffStat: (await git(integration.path, ["diff", "--stat", step.base, commit])).trim(),
  };
}

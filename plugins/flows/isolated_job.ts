/**
 * `isolation: worktree` outside a flow: a queued job of an agent whose
 * file says so runs in its own worktree, `.claude/worktrees/<job>/work` on
 * branch `super-agents/<job>/work`, from the repository's HEAD, with a write
 * grant of only that worktree. When it succeeds, what it left is committed
 * there, the worktree goes and the branch stays as the job's result
 * (`flow show|apply|discard <job>` work on it); when it fails the worktree
 * stays for inspection (`clean` prunes it once old). Inside a parallel flow
 * every write-capable job is isolated this way whatever its file says.
 * @module
 */

import { join } from "node:path";
import { SuperAgentsError } from "../../core/errors.ts";
import type { JobPreparation } from "../../core/orchestration/runner.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { Job } from "../../core/queue/queue.ts";
import { commitWorktree } from "./commit_worktree.ts";
import { git } from "./git.ts";
import { inWorktree } from "./worktree_agent.ts";
import { requireWorktreeSupport } from "./worktree_support.ts";
import { ensureWorktree, flowWorktree, removeFlowWorktrees } from "./worktrees.ts";

/** The worktree of an isolated job (its "flow" is the job itself). */
export function isolatedWorktree(paths: Pick<ProjectPaths, "root">, jobId: string) {
  return flowWorktree(paths, jobId, "work");
}

/**
 * The preparation of a queued job whose agent asks for `isolation: worktree`.
 *
 * @example
 * ```ts
 * const prepared = await prepareIsolatedJob(paths, job);
 * ```
 */
export async function prepareIsolatedJob(paths: ProjectPaths, job: Job): Promise<JobPreparation> {
  try {
    await Deno.lstat(join(paths.root, ".git"));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new SuperAgentsError(
      "ISOLATION_NEEDS_GIT",
      `agent ${job.agent} asks for isolation: worktree, but ${paths.root} is not a git repository`,
      {
        hint: "run `git init` and commit, or remove `isolation: worktree` from the agent's file",
        details: { retryable: false },
      },
    );
  }
  await requireWorktreeSupport(paths.root);
  const head =
    (await git(paths.root, ["rev-parse", "--verify", "-q", "HEAD^{commit}"]).catch(() => ""))
      .trim();
  if (!head) {
    throw new SuperAgentsError("FLOW_NO_COMMIT", "the repository has no commit to branch from", {
      hint: "commit first (`git commit`), then `super-agents task retry " + job.id + "`",
      details: { retryable: false },
    });
  }
  const worktree = isolatedWorktree(paths, job.id);
  await ensureWorktree(paths, worktree, head, { reset: true });
  return {
    kind: "around",
    agent: (resolved) => inWorktree(resolved, worktree.path, { write: true }),
    async finish(outcome) {
      if (outcome.kind !== "succeeded") return outcome; // kept for inspection or a retry
      const committed = await commitWorktree(paths, worktree, head, `${job.agent}: ${job.id}`);
      await removeFlowWorktrees(paths, job.id, { branches: false }); // the branch is the result
      const result = outcome.result && typeof outcome.result === "object" ? outcome.result : {};
      return { kind: "succeeded", result: { ...result, worktree: committed } };
    },
  };
}

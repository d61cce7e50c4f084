/**
 * The flows plugin's job hooks (its `jobHooks` contribution): what a worker
 * does around each job of a parallel flow. The architect, each developer and
 * each conflict resolution run in their own git worktree, with a write grant
 * of only that worktree; when the agent ends, what it left there is
 * committed on its branch and the commit, branch and diff join its result.
 * Reviewers and the test executor read the integration worktree. The plan,
 * integration and finish steps run here, in the worker process, and add
 * the flow's next jobs as they go. Each of these is a span under the flow's
 * correlation id (the runner's `job <agent>` span). A queued job outside a
 * flow gets a worktree when its agent's file says `isolation: worktree`
 * (`isolated_job.ts`).
 * @module
 */

import type { JobHooksOptions } from "../../core/plugin_host/job_hooks.ts";
import type { JobHooks, JobPreparation } from "../../core/orchestration/runner.ts";
import type { PoolOutcome } from "../../core/pool/worker_pool.ts";
import type { Job } from "../../core/queue/queue.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { eventCorrelationId } from "../../core/orchestration/job_events.ts";
import { CORRELATION_ATTRIBUTE, withSpan } from "../../core/telemetry.ts";
import { type FlowStep, flowStepOf } from "./flow_step.ts";
import { AGENT_IDENTITY, git, gitTry } from "./git.ts";
import { runFinishStep } from "./finish_step.ts";
import { runIntegrateStep } from "./integrate_step.ts";
import { runPlanStep } from "./plan_step.ts";
import { inWorktree } from "./worktree_agent.ts";
import { abortMerge, ensureWorktree, flowWorktree, type Worktree } from "./worktrees.ts";
import { commitWorktree } from "./commit_worktree.ts";
import { requireWorktreeSupport } from "./worktree_support.ts";
import { prepareIsolatedJob } from "./isolated_job.ts";
import type { Catalog } from "../../agents/catalog.ts";
import { loadAgentEnvironment } from "../../agents/load_catalog.ts";
import { BUILTIN_AGENTS } from "../../agents/runtime/resolve_agent.ts";

/** Markers a resolution must not leave behind. */
const MARKERS = /^(<{7}|>{7})( |$)/m;

/** The attributes of a flow's spans: its correlation id, flow and node. */
function flowAttributes(job: Job) {
  return {
    [CORRELATION_ATTRIBUTE]: eventCorrelationId(job.correlationId),
    "super_agents.flow": job.flow ?? undefined,
    "super_agents.flow.node": job.node ?? undefined,
    "super_agents.job_id": job.id,
  };
}

function here(job: Job, role: string, run: () => Promise<unknown>): JobPreparation {
  return {
    kind: "here",
    run: async (): Promise<PoolOutcome> => ({
      kind: "succeeded",
      result: await withSpan(`flow ${role}`, flowAttributes(job), run),
    }),
  };
}

/** What the architect of a flow is told about the plan, after its own prompt. */
export const PLAN_INSTRUCTIONS = `## Parallel work

This task runs as a parallel flow: developers work at the same time, each in its own copy of the
repository. When the change splits into parts that touch different files, end your reply with the
plan as a fenced json block:

\`\`\`json
{"subtasks": [{"id": "api", "title": "Add the endpoint", "owns": ["src/api.ts"], "dependsOn": []}]}
\`\`\`

Each id is lower-case (letters, digits, dashes); "owns" lists the files or folders (relative to the
repository) that subtask alone changes; "dependsOn" names subtasks whose result it builds on. Keep
two subtasks from owning the same file. Without a plan, one developer does the whole task.`;

/** Runs the agent in `worktree` and, when it succeeded, commits what it left there. */
function inOwnWorktree(
  job: Job,
  paths: ProjectPaths,
  worktree: Worktree,
  base: string,
  message: string,
  check?: () => Promise<void>,
  promptAddition?: string,
): JobPreparation {
  return {
    kind: "around",
    agent: (resolved) =>
      inWorktree(resolved, worktree.path, {
        write: true,
        ...(promptAddition ? { promptAddition } : {}),
      }),
    async finish(outcome) {
      if (outcome.kind !== "succeeded") return outcome; // kept as it is, for inspection or a retry
      await check?.();
      const committed = await withSpan(
        `flow commit ${job.node}`,
        { ...flowAttributes(job), "super_agents.flow.branch": worktree.branch },
        () => commitWorktree(paths, worktree, base, message),
      );
      const result = outcome.result && typeof outcome.result === "object" ? outcome.result : {};
      return { kind: "succeeded", result: { ...result, worktree: committed } };
    },
  };
}

/**
 * Merges the branches of the subtasks `dependsOn` names into a subtask's
 * fresh worktree, so it builds on their results; returns the commit its own
 * change starts from. Dependencies whose results do not merge with each
 * other stop the subtask (`FLOW_DEPENDENCY_CONFLICT`): the plan gave the
 * same files to subtasks it treats as separate parts.
 */
async function withDependencies(path: string, flow: string, dependsOn: string[]): Promise<string> {
  for (const dependency of dependsOn) {
    const branch = `super-agents/${flow}/dev-${dependency}`;
    const merged = await gitTry(path, [
      ...AGENT_IDENTITY,
      "merge",
      "--no-ff",
      "--no-edit",
      "-m",
      `Start from subtask ${dependency}`,
      "--end-of-options",
      branch,
    ]);
    if (merged.code !== 0) {
      await abortMerge(path);
      throw new SuperAgentsError(
        "FLOW_DEPENDENCY_CONFLICT",
        `the results of the subtasks this one depends on (${dependsOn.join(", ")}) do not merge: ` +
          (merged.stdout.trim() || merged.stderr.trim()),
        {
          hint: "the plan's dependencies overlap; fix the plan and create the flow again",
          details: { retryable: false },
        },
      );
    }
  }
  return (await git(path, ["rev-parse", "HEAD"])).trim();
}

async function unresolved(path: string, files: string[]): Promise<string[]> {
  const left: string[] = [];
  for (const file of files) {
    const text = await Deno.readTextFile(`${path}/${file}`).catch(() => "");
    if (MARKERS.test(text)) left.push(file);
  }
  return left;
}

async function prepareStep(
  options: JobHooksOptions,
  job: Job,
  step: FlowStep,
): Promise<JobPreparation> {
  const { paths, queue, emit } = options;
  const flow = job.flow!;
  switch (step.role) {
    case "design": {
      await requireWorktreeSupport(paths.root);
      const head = await git(paths.root, ["rev-parse", "--verify", "-q", "HEAD^{commit}"]).catch(
        () => "",
      );
      if (!head.trim()) {
        throw new SuperAgentsError(
          "FLOW_NO_COMMIT",
          "the repository has no commit to branch from",
          {
            hint: "commit first (`git commit`), then create the flow again",
            details: { retryable: false },
          },
        );
      }
      const worktree = flowWorktree(paths, flow, "architect");
      await ensureWorktree(paths, worktree, head.trim(), { reset: true });
      return inOwnWorktree(
        job,
        paths,
        worktree,
        head.trim(),
        `Design: ${job.node} of ${flow}`,
        undefined,
        PLAN_INSTRUCTIONS,
      );
    }
    case "read":
      return {
        kind: "around",
        agent: (resolved) => ({ ...resolved, sandbox: { ...resolved.sandbox, write: false } }),
        finish: (outcome) => Promise.resolve(outcome),
      };
    case "subtask": {
      const worktree = flowWorktree(paths, flow, `dev-${step.subtask.id}`);
      // A new attempt (its worker killed mid-subtask) starts again from the base commit.
      await ensureWorktree(paths, worktree, step.base, { reset: true });
      const start = await withDependencies(worktree.path, flow, step.subtask.dependsOn);
      return inOwnWorktree(
        job,
        paths,
        worktree,
        start,
        `${step.subtask.title}\n\nSubtask ${step.subtask.id} of ${flow}.`,
      );
    }
    case "resolve": {
      const worktree = flowWorktree(paths, flow, "integration");
      const head = (await git(worktree.path, ["rev-parse", "HEAD"])).trim();
      return inOwnWorktree(
        job,
        paths,
        worktree,
        head,
        `Merge ${step.branch} (conflicts resolved)`,
        async () => {
          const left = await unresolved(worktree.path, step.files);
          if (left.length) {
            throw new SuperAgentsError(
              "FLOW_CONFLICT_UNRESOLVED",
              `the resolution left conflict markers in ${left.join(", ")} (merging ${step.branch})`,
              {
                hint: `resolve them in ${worktree.path}, or \`super-agents flow discard ${flow}\``,
                details: { retryable: false },
              },
            );
          }
        },
      );
    }
    case "review": {
      const worktree = flowWorktree(paths, flow, "integration");
      return {
        kind: "around",
        agent: (resolved) => inWorktree(resolved, worktree.path, { write: false }),
        finish: (outcome) => Promise.resolve(outcome),
      };
    }
    case "plan":
      return here(job, "plan", () => runPlanStep(queue, emit, job, step));
    case "integrate":
      return here(job, "integrate", () => runIntegrateStep({ queue, emit, paths }, job, step));
    case "finish":
      return here(job, "finish", () => runFinishStep(paths, job, step));
  }
}

/**
 * The hooks of one worker process (the `jobHooks` module contract).
 *
 * @example
 * ```ts
 * const hooks = await createJobHooks({ ctx, config, paths, queue, emit, onError });
 * ```
 */
export function createJobHooks(options: JobHooksOptions): Promise<JobHooks | undefined> {
  let catalog: Promise<Pick<Catalog, "get">> | undefined;
  /** Whether a job outside a flow is of an agent whose file asks for `isolation: worktree`. */
  const asksForWorktree = async (agent: string): Promise<boolean> => {
    if (agent in BUILTIN_AGENTS) return false; // no file to ask: no catalog to load
    catalog ??= loadAgentEnvironment(options.ctx).then((environment) => environment.catalog);
    try {
      return (await catalog).get(agent).isolation === "worktree";
    } catch (error) {
      // An agent without a file (noop, script) or an unknown one: the resolver reports it.
      if (error instanceof SuperAgentsError) return false;
      throw error;
    }
  };
  return Promise.resolve({
    async prepare(job: Job) {
      if (!job.flow) {
        return await asksForWorktree(job.agent)
          ? await prepareIsolatedJob(options.paths, job)
          : undefined;
      }
      const step = flowStepOf(job.input);
      if (!step) return undefined;
      try {
        return await prepareStep(options, job, step);
      } catch (error) {
        if (error instanceof SuperAgentsError) throw error;
        // Recorded as the job's failure (and retried), not left to the lease running out.
        throw new SuperAgentsError(
          "FLOW_STEP_FAILED",
          `preparing ${job.node ?? job.id} of ${job.flow}: ${(error as Error).message}`,
          { hint: "see the message; the job is retried", cause: error },
        );
      }
    },
  });
}

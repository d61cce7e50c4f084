/**
 * After a commit or a merge: classify what changed and enqueue the agents it
 * calls for as normal-priority jobs, with the commit in their input and an
 * idempotency key per agent and commit (re-running a hook never queues
 * twice). The event log records what was queued. When the queue cannot be
 * opened the same request is written as a trigger file, which the worker or
 * `super-agents triggers process` consumes later — nothing is lost and the
 * commit is never held up.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { errorMessage } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { gitText } from "../local_checks/git_command.ts";
import { agentsFor, type ChangeClass, classifyChange } from "./classify.ts";

/** The commit a hook reacts to. */
export interface CommitInfo {
  commit: string;
  parents: string[];
  subject: string;
  files: string[];
}

/** What {@linkcode enqueueForChange} did. */
export interface EnqueueOutcome {
  commit: string;
  classes: ChangeClass[];
  agents: string[];
  /** Job ids, or empty when the request went to a trigger file. */
  jobs: { id: string; agent: string; created: boolean }[];
  /** Path of the fallback trigger file, when the queue was unavailable. */
  trigger?: string;
  queueError?: string;
}

const MAX_FILES = 200;

/** The HEAD commit and the files of the change (`post-merge`: since ORIG_HEAD). */
export async function readCommit(
  root: string,
  event: "post-commit" | "post-merge",
): Promise<CommitInfo> {
  const header = await gitText(root, ["log", "-1", "--format=%H%x00%P%x00%s", "HEAD"]);
  const [commit, parents, subject] = header.trim().split("\0");
  let files: string;
  if (event === "post-merge") {
    files = await gitText(root, ["diff", "--name-only", "-z", "--no-renames", "ORIG_HEAD", "HEAD"])
      .catch(
        // a fast-forward without ORIG_HEAD (first pull): fall back to the last commit's files
        () =>
          gitText(root, [
            "diff-tree",
            "--no-commit-id",
            "--name-only",
            "-r",
            "-z",
            "--root",
            "HEAD",
          ]),
      );
  } else {
    files = await gitText(root, [
      "diff-tree",
      "--no-commit-id",
      "--name-only",
      "-r",
      "-z",
      "--root",
      "HEAD",
    ]);
  }
  return {
    commit,
    parents: parents ? parents.split(" ") : [],
    subject,
    files: files.split("\0").filter(Boolean),
  };
}

/**
 * Enqueues the agents for the change at HEAD.
 *
 * @example
 * ```ts
 * const outcome = await enqueueForChange(paths, config, root, "post-commit");
 * ```
 */
export async function enqueueForChange(
  paths: ProjectPaths,
  config: Config,
  root: string,
  event: "post-commit" | "post-merge",
): Promise<EnqueueOutcome> {
  const info = await readCommit(root, event);
  const classes = classifyChange(info.files);
  const agents = config.hooks.enqueueAgents ? agentsFor(classes, config.hooks.disabledAgents) : [];
  const { emitEvent, newCorrelationId } = await import("../../core/events/emit.ts");
  const correlationId = newCorrelationId();
  const input = {
    event,
    commit: info.commit,
    parents: info.parents,
    subject: info.subject,
    classes,
    files: info.files.slice(0, MAX_FILES),
    filesTruncated: info.files.length > MAX_FILES,
  };
  const outcome: EnqueueOutcome = { commit: info.commit, classes, agents, jobs: [] };
  if (agents.length > 0) {
    try {
      const { openQueue } = await import("../../core/queue/queue.ts");
      const queue = await openQueue(paths, config);
      try {
        const results = await queue.enqueueMany(agents.map((agent) => ({
          agent,
          input,
          priority: "normal" as const,
          idempotencyKey: `${event}:${agent}:${info.commit}`,
          correlationId,
        })));
        outcome.jobs = results.map((r) => ({
          id: r.job.id,
          agent: r.job.agent,
          created: r.created,
        }));
      } finally {
        await queue.close();
      }
    } catch (error) {
      outcome.queueError = errorMessage(error);
      const { writeTrigger } = await import("../../core/triggers/write_trigger.ts");
      outcome.trigger = await writeTrigger(paths, {
        type: `git.${event}`,
        correlationId,
        payload: { ...input, agents, queueError: outcome.queueError },
      });
    }
  }
  await emitEvent(paths, {
    type: `git.${event}`,
    agent: "git-hooks",
    correlationId,
    payload: {
      commit: info.commit,
      subject: info.subject,
      classes,
      agents,
      jobs: outcome.jobs,
      ...(outcome.trigger ? { trigger: outcome.trigger, queueError: outcome.queueError } : {}),
    },
  });
  return outcome;
}

/**
 * After a commit or a merge: classify what changed and enqueue the agents it
 * calls for as normal-priority jobs — the model agents with the commit in
 * their input, the deterministic local checks with the commit's range as
 * their task — with an idempotency key per agent and commit (re-running a
 * hook never queues twice). The event log records the hook and each job it
 * created (`task.created`), under one correlation id. When the queue cannot
 * be opened the same jobs are written into a trigger file, which the worker
 * (before its next claim) or `super-agents triggers process` enqueues later
 * — nothing is lost and the commit is never held up. Without an API key the
 * model agents could only dead-letter, so they are not queued: one
 * `hooks.skipped` event names them and how to set the key, and the local
 * checks still run.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { errorMessage } from "../../core/errors.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import { gitText } from "../local_checks/git_command.ts";
import type { Job } from "../../core/queue/job.ts";
import type { TriggerJob } from "../../core/triggers/schema.ts";
import { agentsFor, type ChangeClass, classifyChange, localAgentsFor } from "./classify.ts";

/** The commit a hook reacts to. */
export interface CommitInfo {
  commit: string;
  /** Where the change starts (`post-merge`: ORIG_HEAD), when known. */
  base?: string;
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
  /** Model agents left out because no API key is available. */
  skipped?: { agents: string[]; reason: string; hint: string };
}

/** What the hook knows about the model agents' key. */
export interface EnqueueOptions {
  /** False when neither the environment nor `secrets set` has the model API key. */
  modelKeyAvailable: boolean;
  /** How to set the key (named in the `hooks.skipped` event). */
  modelKeyHint: string;
}

const MAX_FILES = 200;

/** The files HEAD changed, NUL-separated (every file, for a root commit). */
function headCommitFiles(root: string): Promise<string> {
  return gitText(root, [
    "diff-tree",
    "--no-commit-id",
    "--name-only",
    "-r",
    "-z",
    "--root",
    "HEAD",
  ]);
}

/** The HEAD commit and the files of the change (`post-merge`: since ORIG_HEAD). */
export async function readCommit(
  root: string,
  event: "post-commit" | "post-merge",
): Promise<CommitInfo> {
  const header = await gitText(root, ["log", "-1", "--format=%H%x00%P%x00%s", "HEAD"]);
  const [commit, parents, subject] = header.trim().split("\0");
  let files: string;
  let base: string | undefined;
  if (event === "post-merge") {
    base = (await gitText(root, ["rev-parse", "-q", "--verify", "ORIG_HEAD^{commit}"])
      .catch(() => "")).trim() || undefined; // no ORIG_HEAD: the fallback below diffs HEAD alone
    files = await gitText(root, ["diff", "--name-only", "-z", "--no-renames", "ORIG_HEAD", "HEAD"])
      // a fast-forward without ORIG_HEAD (first pull): fall back to the last commit's files
      .catch(() => headCommitFiles(root));
  } else {
    files = await headCommitFiles(root);
  }
  return {
    commit,
    ...(base ? { base } : {}),
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
 * const outcome = await enqueueForChange(paths, config, root, "post-commit", {
 *   modelKeyAvailable: await modelKeyAvailable(ctx),
 *   modelKeyHint: MODEL_KEY_HINT,
 * });
 * ```
 */
export async function enqueueForChange(
  paths: ProjectPaths,
  config: Config,
  root: string,
  event: "post-commit" | "post-merge",
  options: EnqueueOptions,
): Promise<EnqueueOutcome> {
  const info = await readCommit(root, event);
  const classes = classifyChange(info.files);
  const enabled = config.hooks.enqueueAgents;
  const disabled = config.hooks.disabledAgents;
  const wantedModelAgents = enabled ? agentsFor(classes, disabled) : [];
  const modelAgents = options.modelKeyAvailable ? wantedModelAgents : [];
  const localAgents = enabled ? localAgentsFor(classes, disabled) : [];
  const agents = [...modelAgents, ...localAgents];
  const { emitEvent, emitEvents, newCorrelationId } = await import("../../core/events/emit.ts");
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
  const base = info.base ?? info.parents[0];
  // The local checks read their task: the commit's own changes, or every file of a root commit.
  const localInput = { ...input, task: base ? `range ${base}..${info.commit}` : "all" };
  const requests: TriggerJob[] = agents.map((agent) => ({
    agent,
    input: localAgents.includes(agent) ? localInput : input,
    priority: "normal",
    idempotencyKey: `${event}:${agent}:${info.commit}`,
  }));
  const outcome: EnqueueOutcome = { commit: info.commit, classes, agents, jobs: [] };
  if (modelAgents.length < wantedModelAgents.length) {
    outcome.skipped = {
      agents: wantedModelAgents,
      reason: "no ANTHROPIC_API_KEY in the environment or the credential store",
      hint: options.modelKeyHint,
    };
  }
  let created: Job[] = [];
  if (requests.length > 0) {
    try {
      const { openQueue } = await import("../../core/queue/queue.ts");
      const queue = await openQueue(paths, config);
      try {
        const results = await queue.enqueueMany(
          requests.map((request) => ({ ...request, correlationId })),
        );
        outcome.jobs = results.map((r) => ({
          id: r.job.id,
          agent: r.job.agent,
          created: r.created,
        }));
        created = results.filter((r) => r.created).map((r) => r.job);
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
        jobs: requests,
      });
    }
  }
  const hookEvent = await emitEvent(paths, {
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
  if (outcome.skipped) {
    await emitEvent(paths, {
      type: "hooks.skipped",
      agent: "git-hooks",
      correlationId,
      parent: hookEvent.id,
      payload: { hook: event, commit: info.commit, ...outcome.skipped },
    });
  }
  if (created.length > 0) {
    const { jobEvent } = await import("../../core/orchestration/job_events.ts");
    await emitEvents(
      paths,
      created.map((job) => ({ ...jobEvent("task.created", job), parent: hookEvent.id })),
    );
  }
  return outcome;
}

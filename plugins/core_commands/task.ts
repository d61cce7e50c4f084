/**
 * `super-agents task create|list|show|cancel|retry`: put work on the queue
 * (one agent job, or a whole pipeline as a DAG of jobs), look at it, and
 * steer it. Every change is recorded as an event with the request's
 * correlation id.
 * @module
 */

import {
  booleanFlag,
  type CommandArgs,
  defineCommand,
  listFlag,
  numberFlag,
  stringFlag,
} from "../../core/cli/command.ts";
import { styles } from "../../core/cli/style.ts";
import type { Context } from "../../core/context.ts";
import { SuperAgentsError, UsageError } from "../../core/errors.ts";
import { emitEvent, newCorrelationId } from "../../core/events/emit.ts";
import { renderFlow, renderJobList } from "../../core/orchestration/flow_view.ts";
import { jobEvent } from "../../core/orchestration/job_events.ts";
import type { Job, JobState } from "../../core/queue/job.ts";
import { JOB_STATES, PRIORITIES, type Priority } from "../../core/queue/job.ts";
import { withProjectQueue } from "../../core/queue/project_queue.ts";
import type { TaskQueue } from "../../core/queue/queue.ts";
import { createTask } from "../../core/orchestration/create_task.ts";
import {
  catalogAgentNames,
  DEFINITIONLESS_AGENTS,
  requireKnownAgent,
} from "../../core/agent_names.ts";
import {
  currentAgentName,
  deprecationNotice,
  RENAMED_AGENTS,
} from "../../core/config/renamed_names.ts";

function print(ctx: Context, data: unknown, text: string): void {
  ctx.stdout.write(ctx.json ? JSON.stringify(data) + "\n" : text);
}

/** A job id, or a flow id whose jobs are returned in run order. */
async function jobsOf(queue: TaskQueue, id: string): Promise<{ job?: Job; flow?: Job[] }> {
  const job = await queue.get(id);
  const flowId = job?.flow ?? id;
  const flow = await queue.list({ flow: flowId, order: "oldest", limit: 10_000 });
  if (!job && flow.length === 0) {
    throw new SuperAgentsError("JOB_NOT_FOUND", `no job or flow ${id} in the queue`, {
      hint: "`super-agents task list` shows the jobs and their flows",
    });
  }
  return { job, flow: flow.length ? flow : undefined };
}

const list = defineCommand({
  name: "list",
  summary: "list jobs, newest first",
  flags: {
    state: { type: "list", description: `<s,...> only these states (${JOB_STATES.join(", ")})` },
    agent: { type: "string", description: "<name> only this agent's jobs" },
    flow: { type: "string", description: "<id> only the jobs of one pipeline run" },
    limit: { type: "integer", min: 1, default: 50, description: "<n> at most n jobs (default 50)" },
  },
  examples: ["super-agents task list --state queued,leased", "super-agents task list --json"],
  async run(ctx, args) {
    const states = listFlag(args, "state");
    for (const state of states ?? []) {
      if (!JOB_STATES.includes(state as JobState)) {
        throw new UsageError(`unknown state "${state}"`, `states: ${JOB_STATES.join(", ")}`);
      }
    }
    const limit = numberFlag(args, "limit") ?? 50;
    const jobs = await withProjectQueue(ctx, ({ queue }) =>
      queue.list({
        state: states as JobState[] | undefined,
        agent: agentFlag(ctx, stringFlag(args, "agent")),
        flow: stringFlag(args, "flow"),
        limit,
      }));
    print(ctx, { jobs }, renderJobList(jobs, ctx.now(), styles(ctx.color)));
  },
});

const show = defineCommand({
  name: "show",
  summary: "show a job, or the DAG of a pipeline run with each node's state and timing",
  positionals: [{ name: "id", description: "a job id or a flow id", required: true }],
  examples: ["super-agents task show job_m3k2...", "super-agents task show flow_m3k2... --json"],
  async run(ctx, args) {
    const { job, flow } = await withProjectQueue(
      ctx,
      ({ queue }) => jobsOf(queue, args.positionals[0]),
    );
    const s = styles(ctx.color);
    let text = "";
    if (job) {
      text += `${s.bold(job.id)}  agent ${job.agent}  ${job.state}  priority ${job.priority}  ` +
        `attempts ${job.attempts}/${job.maxAttempts}\n`;
      if (job.correlationId) text += `  correlation ${job.correlationId}\n`;
      if (job.progress) text += `  progress ${JSON.stringify(job.progress)}\n`;
      if (job.error) text += `  ${s.red(`error [${job.error.code}]`)} ${job.error.message}\n`;
      if (job.state === "succeeded") text += `  result ${JSON.stringify(job.result)}\n`;
    }
    if (flow) text += renderFlow(flow, ctx.now(), s);
    print(ctx, { job, flow }, text);
  },
});

const cancel = defineCommand({
  name: "cancel",
  summary:
    "cancel a job or every unfinished job of a flow (running ones stop at their next heartbeat)",
  positionals: [{ name: "id", description: "a job id or a flow id", required: true }],
  examples: ["super-agents task cancel job_m3k2..."],
  async run(ctx, args) {
    const changed = await withProjectQueue(ctx, async ({ queue, paths }) => {
      const { job, flow } = await jobsOf(queue, args.positionals[0]);
      const targets = job && !job.flow ? [job] : flow ?? [];
      const open = targets.filter((j) => ["queued", "delayed", "leased"].includes(j.state));
      if (open.length === 0) {
        throw new SuperAgentsError(
          "JOB_NOT_CANCELLABLE",
          `${args.positionals[0]} has nothing left to cancel`,
          {
            hint: "only queued, delayed or running jobs can be cancelled",
          },
        );
      }
      const results: Job[] = [];
      for (const target of open) {
        const current = await queue.get(target.id);
        if (!current || !["queued", "delayed", "leased"].includes(current.state)) continue;
        const after = await queue.cancel(target.id);
        results.push(after);
        await emitEvent(
          paths,
          jobEvent(after.state === "cancelled" ? "task.cancelled" : "task.cancel_requested", after),
        );
      }
      return results;
    });
    print(
      ctx,
      { jobs: changed },
      changed.map((j) =>
        `${j.id} ${
          j.state === "cancelled" ? "cancelled" : "cancel requested (stops at its next heartbeat)"
        }\n`
      ).join(""),
    );
  },
});

const retry = defineCommand({
  name: "retry",
  summary: "queue a dead, failed or cancelled job again (and the dependants it blocked)",
  positionals: [{ name: "id", description: "a job id", required: true }],
  examples: ["super-agents task retry job_m3k2..."],
  async run(ctx, args) {
    const job = await withProjectQueue(ctx, async ({ queue, paths }) => {
      const retried = await queue.retry(args.positionals[0]);
      await emitEvent(paths, jobEvent("task.retried", retried));
      return retried;
    });
    print(ctx, { job }, `${job.id} queued again (attempts reset)\n`);
  },
});

const create = defineCommand({
  name: "create",
  summary: "enqueue a job for an agent, or a pipeline of agents",
  description: 'The input is JSON (`--input \'{"ref":"HEAD"}\'`) or, if it is not JSON, a string.',
  positionals: [{
    name: "agent",
    description: "the agent to run (omit with --pipeline; with --auto: the task text)",
  }],
  flags: {
    auto: {
      type: "boolean",
      description: "pick the agent for the task text from descriptions and history",
    },
    yes: { type: "boolean", description: "with --auto: do not ask to confirm the pick" },
    input: { type: "string", description: "<json|text> the job's input" },
    "input-file": { type: "string", description: "<path> read the input (JSON) from a file" },
    priority: { type: "enum", values: PRIORITIES, description: "(default normal)" },
    delay: { type: "integer", min: 0, description: "<ms> not before this many milliseconds" },
    "max-attempts": {
      type: "integer",
      min: 1,
      max: 100,
      example: "3",
      description: "<n> attempts before the dead-letter queue",
    },
    key: {
      type: "string",
      description: "<key> idempotency key: a second create returns the first job",
    },
    "depends-on": { type: "string", description: "<id,...> jobs that must succeed first" },
    lane: {
      type: "enum",
      values: ["interactive", "batch"],
      description: "interactive (default) or batch",
    },
    timeout: { type: "integer", min: 1, description: "<ms> kill an attempt after this long" },
    pipeline: { type: "string", description: "<name> enqueue a pipeline (software)" },
    "pipeline-file": { type: "string", description: "<path> enqueue the pipeline in a JSON file" },
    reviewers: {
      type: "string",
      description: "<a,b> parallel reviewer agents of the software pipeline",
    },
    width: {
      type: "integer",
      min: 1,
      max: 64,
      example: "3",
      description: "<n> most subtasks of a parallel software flow at once (default 4)",
    },
    "correlation-id": { type: "string", description: "<toolu_...> join an existing request" },
  },
  examples: [
    "super-agents task create reviewer-agent --input 'review the last commit' --priority high",
    "super-agents task create --pipeline software --reviewers reviewer-agent,security-agent --input 'add login'",
    "super-agents task create --pipeline software --width 3 --input 'add login'",
    "super-agents task create noop --key nightly-2025-01-01 --delay 60000",
    'super-agents task create --auto "review the last commit for security problems"',
  ],
  async run(ctx, args: CommandArgs) {
    const priority = stringFlag(args, "priority") ?? "normal";
    const correlationId = stringFlag(args, "correlation-id") ?? newCorrelationId();
    let picked: { agent: string; kind: string; explanation: string } | undefined;
    const created = await withProjectQueue(ctx, async (project) => {
      if (booleanFlag(args, "auto")) {
        const text = args.positionals[0];
        if (!text?.trim()) {
          throw new UsageError(
            "--auto needs the task text",
            'e.g. `task create --auto "fix the login crash"`',
          );
        }
        // The analytics plugin picks the agent from descriptions and the outcome history.
        const { autoPick } = await import("../analytics/selection/auto_task.ts");
        const pick = await autoPick(ctx, project.paths, text, { yes: booleanFlag(args, "yes") });
        picked = { agent: pick.agent, kind: pick.kind, explanation: pick.explanation };
        args = {
          positionals: [pick.agent],
          values: {
            ...args.values,
            input: args.values.input ?? JSON.stringify({ task: text, kind: pick.kind }),
          },
        };
      }
      const named = args.positionals[0];
      // Refused here, not by the worker that would never find it: the job would only go dead.
      if (named !== undefined && !DEFINITIONLESS_AGENTS.includes(named)) {
        const known = await catalogAgentNames(project.paths);
        const agent = currentAgentName(named, known, (line) => ctx.stderr.write(line + "\n"));
        requireKnownAgent(agent, known);
        args = { ...args, positionals: [agent, ...args.positionals.slice(1)] };
      }
      return await createTask(project, args, priority as Priority, correlationId, ctx.now);
    });
    const text = created.flow
      ? `created flow ${created.flow} (${created.jobs.length} steps)\n` +
        renderFlow(created.jobs, ctx.now(), styles(ctx.color))
      : `${created.created ? "created" : "exists (same idempotency key)"} ${created.jobs[0].id} ` +
        `agent ${created.jobs[0].agent} ${created.jobs[0].state}\n`;
    print(
      ctx,
      {
        flow: created.flow,
        created: created.created,
        correlationId,
        jobs: created.jobs,
        ...(picked ? { picked } : {}),
      },
      text,
    );
  },
});

/** The `task` command. */
export const command = defineCommand({
  name: "task",
  summary: "create, list, show, cancel and retry queued agent jobs",
  subcommands: { create, list, show, cancel, retry },
  examples: [
    "super-agents task create noop",
    "super-agents task list",
    "super-agents task show <id>",
  ],
});

/** `task list --agent`: a renamed local check's old name lists its current name's jobs. */
function agentFlag(ctx: Context, name: string | undefined): string | undefined {
  if (name === undefined || !Object.hasOwn(RENAMED_AGENTS, name)) return name;
  ctx.stderr.write(deprecationNotice(name, RENAMED_AGENTS[name]) + "\n");
  return RENAMED_AGENTS[name];
}

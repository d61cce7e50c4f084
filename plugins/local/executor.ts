/**
 * The `local` executor of the worker pool: runs a queued deterministic agent
 * (test runner, secret scan, contract check, file-system guard, dependency
 * check) inside its sandboxed worker, so the agent's Deno permissions bound
 * what it reads and runs. The parent sends the agent template of a queued
 * job plus the `checks` settings; failures are deterministic (findings,
 * failing tests) and go straight to the dead-letter queue.
 * @module
 */

import { finishQueuedJob, jobFromQueue } from "../../agents/queue_agent.ts";
import { type Executor, PermanentJobError } from "../../agents/runtime/executor.ts";
import { workerAgentIO } from "../../agents/worker_io.ts";
import { LocalQueueConfigSchema } from "../../agents/local_agent_config.ts";
import { ConfigSchema } from "../../core/config/schema.ts";
import { localAgents } from "./provider.ts";

/** Runs the queued local agent named by the job. */
export const execute: Executor = async (ctx) => {
  const parsed = LocalQueueConfigSchema.safeParse(ctx.agentConfig);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PermanentJobError(
      `invalid local agent task: ${issue.path.join(".")}: ${issue.message}`,
      "AGENT_TASK_INVALID",
    );
  }
  const job = jobFromQueue(parsed.data, ctx.job.id, ctx.job.input, ctx.dependencies);
  const agents = localAgents(ConfigSchema.parse({ checks: parsed.data.checks }));
  const agent = agents[job.agent.name];
  if (!agent) {
    throw new PermanentJobError(
      `the local provider has no implementation of ${job.agent.name} ` +
        `(local agents: ${Object.keys(agents).join(", ")})`,
      "LOCAL_AGENT_UNKNOWN",
    );
  }
  const result = await agent(job, workerAgentIO(ctx, { ...parsed.data, job }));
  return finishQueuedJob(ctx, "local", result, () => false);
};

/**
 * The `anthropic` executor of the worker pool: runs an agent's whole
 * tool-use loop inside its sandboxed worker, so every tool call is bounded
 * by the worker's Deno permissions. It takes either a ready job (`run`) or
 * an agent template that it routes for the queued job (`worker`). Queued
 * jobs that end failed or over budget throw, so the queue retries or
 * dead-letters them. An agent's MCP servers are connected inside the same
 * worker (their tools join the agent's), and public HTTPS servers can ride
 * the Messages API MCP connector instead. Registered in the worker's
 * executor table.
 * @module
 */

import {
  type AgentTaskConfig,
  AgentTaskConfigSchema,
  QueueAgentConfigSchema,
} from "../../agents/agent_task.ts";
import { finishQueuedJob, jobFromQueue } from "../../agents/queue_agent.ts";
import { openWorkerAgentIO } from "../../agents/worker_io.ts";
import {
  type Executor,
  type ExecutorContext,
  PermanentJobError,
} from "../../agents/runtime/executor.ts";
import type { AgentJobResult } from "../../core/plugin.ts";
import { runAnthropic } from "./run.ts";
import { eventCorrelationId } from "../../core/orchestration/job_events.ts";
import { CORRELATION_ATTRIBUTE, withSpan } from "../../core/telemetry.ts";

/** Runs the job described by `ctx.agentConfig` on the Messages API. */
export const execute: Executor = (ctx) =>
  withSpan(`invoke_agent ${ctx.job.agent}`, {
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.system": "anthropic",
    "gen_ai.agent.name": ctx.job.agent,
    [CORRELATION_ATTRIBUTE]: eventCorrelationId(ctx.job.correlationId),
    "super_agents.job_id": ctx.job.id,
    "super_agents.agent": ctx.job.agent,
  }, () => executeJob(ctx));

const executeJob: Executor = async (ctx) => {
  const direct = AgentTaskConfigSchema.safeParse(ctx.agentConfig);
  if (direct.success) return await runWithMcp(ctx, direct.data);
  const queued = QueueAgentConfigSchema.safeParse(ctx.agentConfig);
  if (!queued.success) {
    const issue = direct.error.issues[0];
    throw new PermanentJobError(
      `invalid agent task: ${issue.path.join(".")}: ${issue.message}`,
      "AGENT_TASK_INVALID",
    );
  }
  const job = jobFromQueue(queued.data, ctx.job.id, ctx.job.input, ctx.dependencies);
  const result = await runWithMcp(ctx, { ...queued.data, job });
  return finishQueuedJob(
    ctx,
    "anthropic",
    result,
    // Over budget is deterministic; an unreachable model may answer on the next attempt.
    (ended) => ended.status === "failed" && ended.error?.code === "MODEL_UNAVAILABLE",
  );
};

/** Runs the job with the agent's MCP servers connected for its duration. */
async function runWithMcp(ctx: ExecutorContext, config: AgentTaskConfig): Promise<AgentJobResult> {
  const { io, close } = await openWorkerAgentIO(ctx, config);
  try {
    return await runAnthropic(config.job, io, { connector: config.mcp?.connector });
  } finally {
    await close();
  }
}

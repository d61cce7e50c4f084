/**
 * The `anthropic` executor of the worker pool: runs an agent's whole
 * tool-use loop inside its sandboxed worker, so every tool call is bounded
 * by the worker's Deno permissions. It takes either a ready job (`run`) or
 * an agent template that it routes for the queued job (`worker`). Queued
 * jobs that end failed or over budget throw, so the queue retries or
 * dead-letters them. Registered in the worker's executor table.
 * @module
 */

import { AgentTaskConfigSchema, QueueAgentConfigSchema } from "../../agents/agent_task.ts";
import { jobFromQueue } from "../../agents/queue_agent.ts";
import { workerAgentIO } from "../../agents/worker_io.ts";
import { type Executor, PermanentJobError } from "../../agents/runtime/executor.ts";
import { runAnthropic } from "./run.ts";

/** Runs the job described by `ctx.agentConfig` on the Messages API. */
export const execute: Executor = async (ctx) => {
  const direct = AgentTaskConfigSchema.safeParse(ctx.agentConfig);
  if (direct.success) return await runAnthropic(direct.data.job, workerAgentIO(ctx, direct.data));
  const queued = QueueAgentConfigSchema.safeParse(ctx.agentConfig);
  if (!queued.success) {
    const issue = direct.error.issues[0];
    throw new PermanentJobError(
      `invalid agent task: ${issue.path.join(".")}: ${issue.message}`,
      "AGENT_TASK_INVALID",
    );
  }
  const job = jobFromQueue(queued.data, ctx.job.id, ctx.job.input);
  const result = await runAnthropic(job, workerAgentIO(ctx, { ...queued.data, job }));
  if (result.status === "completed") return result;
  const error = Object.assign(
    new Error(result.error?.message ?? `${job.agent.name} ended ${result.status}`),
    {
      code: result.error?.code ?? "AGENT_FAILED",
      // Over budget is deterministic; an unreachable model may answer on the next attempt.
      retryable: result.status === "failed" && result.error?.code === "MODEL_UNAVAILABLE",
    },
  );
  throw error;
};

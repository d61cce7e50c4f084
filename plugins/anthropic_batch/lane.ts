/**
 * The batch lane: claims the queue's `batch`-lane jobs in bulk, sends their
 * first turns as one Message Batch (half price), polls it with backoff
 * while extending the jobs' leases, maps the JSONL results back to jobs by
 * `custom_id`, and finishes each job (see `finish.ts`). Jobs leave the lane
 * exactly as interactive jobs do: completed with an `AgentJobResult`, or
 * failed through the queue's retry policy.
 * @module
 */

import type { Catalog } from "../../agents/catalog.ts";
import { buildJob } from "../../agents/build_job.ts";
import { EventBatcher } from "../../agents/event_batcher.ts";
import { taskText } from "../../agents/task_text.ts";
import type { AgentDefinition } from "../../agents/definition.ts";
import { runningKmUrl } from "../../agents/km_endpoint.ts";
import { recordOutcome } from "../../agents/record_outcome.ts";
import { openMonitor } from "../../agents/run_agent.ts";
import { runInPool } from "../../agents/run_in_pool.ts";
import { runtimeTools, toolDefinition } from "../../agents/tools/definitions.ts";
import type { Config } from "../../core/config/schema.ts";
import type { Context } from "../../core/context.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { emitEvent, newCorrelationId } from "../../core/events/emit.ts";
import type { ProjectPaths } from "../../core/paths.ts";
import type { AgentJob, AgentJobResult, ProviderPlugin } from "../../core/plugin.ts";
import type { WorkerPool } from "../../core/pool/worker_pool.ts";
import type { Job, TaskQueue } from "../../core/queue/queue.ts";
import type { Message } from "../anthropic/deps.ts";
import { agentParams } from "../anthropic/request.ts";
import { anthropicClient, API_KEY_HINT } from "../anthropic/run.ts";
import { batchTurnResult, continuationJob, mergeResults } from "./finish.ts";
import { pollBatch } from "./poll.ts";

/** Options of {@linkcode runBatchLane}. */
export interface BatchLaneOptions {
  ctx: Context;
  paths: ProjectPaths;
  config: Config;
  catalog: Catalog;
  queue: TaskQueue;
  pool: WorkerPool;
  /** The interactive provider used for continuations and individual retries. */
  interactive: ProviderPlugin;
  workerId: string;
  /** Jobs per batch. */
  limit: number;
  pollFirstMs: number;
  pollMaxMs: number;
  out(text: string): void;
}

/** What a lane run did. */
export interface BatchLaneSummary {
  batches: number;
  jobs: number;
  succeeded: number;
  failed: number;
  retriedIndividually: number;
  continued: number;
}

interface Prepared {
  queued: Job;
  agent: AgentDefinition;
  job: AgentJob;
  correlationId: string;
}

const CORRELATION = /^toolu_[0-9A-Za-z]{24}$/;

/**
 * Processes batch-lane jobs until none is claimable.
 *
 * @example
 * ```ts
 * const summary = await runBatchLane({ ctx, paths, config, catalog, queue, pool, interactive, workerId, limit: 100, pollFirstMs: 1000, pollMaxMs: 60_000, out });
 * ```
 */
export async function runBatchLane(options: BatchLaneOptions): Promise<BatchLaneSummary> {
  const apiKey = options.ctx.env("ANTHROPIC_API_KEY");
  if (!apiKey) {
    throw new SuperAgentsError("NO_API_KEY", `ANTHROPIC_API_KEY is not set: ${API_KEY_HINT}`);
  }
  const client = await anthropicClient(apiKey, options.ctx.env("ANTHROPIC_BASE_URL"));
  const summary: BatchLaneSummary = {
    batches: 0,
    jobs: 0,
    succeeded: 0,
    failed: 0,
    retriedIndividually: 0,
    continued: 0,
  };
  const leaseMs = options.config.queue.leaseMs;
  while (true) {
    const claimed = await options.queue.claimMany(options.workerId, leaseMs, options.limit, {
      lane: "batch",
    });
    if (claimed.length === 0) return summary;
    summary.jobs += claimed.length;
    const prepared = await prepare(options, claimed, summary);
    if (prepared.length === 0) continue;
    const km = await runningKmUrl(options.paths, options.config.km.host);
    const batch = await client.messages.batches.create({
      requests: prepared.map((p) => ({
        custom_id: p.job.id,
        params: {
          ...agentParams(
            p.job,
            runtimeTools(p.agent.tools, { knowledge: !!km }).map(toolDefinition),
          ),
          model: p.job.models[0],
          messages: [{ role: "user" as const, content: p.job.task }],
        },
      })),
    });
    summary.batches++;
    options.out(`batch ${batch.id}: ${prepared.length} job(s) submitted\n`);
    await emitEvent(options.paths, {
      type: "batch.created",
      payload: { batch: batch.id, jobs: prepared.map((p) => p.job.id) },
    });
    const ended = await pollBatch(client, batch.id, {
      firstMs: options.pollFirstMs,
      maxMs: options.pollMaxMs,
      timeoutMs: 24 * 3_600_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: options.ctx.now,
      onTick: async () => {
        for (const p of prepared) {
          await options.queue.heartbeat(p.queued.id, options.workerId, leaseMs);
        }
      },
    });
    const results = new Map<string, { type: string; message?: Message }>();
    for await (const line of await client.messages.batches.results(batch.id)) {
      results.set(line.custom_id, line.result as { type: string; message?: Message });
    }
    await emitEvent(options.paths, {
      type: "batch.ended",
      payload: { batch: batch.id, counts: ended.request_counts },
    });
    await Promise.all(prepared.map((p) => finish(options, p, results.get(p.job.id), summary)));
  }
}

async function prepare(
  options: BatchLaneOptions,
  claimed: Job[],
  summary: BatchLaneSummary,
): Promise<Prepared[]> {
  const monitor = await openMonitor(options.paths, options.config, options.ctx);
  const prepared: Prepared[] = [];
  for (const queued of claimed) {
    let agent: AgentDefinition;
    try {
      agent = options.catalog.get(queued.agent);
      await options.catalog.trust.require(agent); // an untrusted agent's job goes to the DLQ
    } catch (error) {
      summary.failed++;
      await options.queue.fail(queued.id, options.workerId, {
        code: error instanceof SuperAgentsError ? error.code : "AGENT_NOT_FOUND",
        message: errorMessage(error),
      }, { retryable: false });
      continue;
    }
    const { job, route } = buildJob({
      id: queued.id,
      root: options.paths.root,
      agent,
      task: taskText(queued.input),
      config: options.config,
      stream: false,
      monitor,
    });
    const correlationId = queued.correlationId && CORRELATION.test(queued.correlationId)
      ? queued.correlationId
      : newCorrelationId();
    await emitEvent(options.paths, {
      type: "task.started",
      agent: agent.name,
      task: job.id,
      correlationId,
      payload: {
        provider: "anthropic-batch",
        version: agent.version,
        model: route.model,
        chain: route.chain,
      },
    });
    prepared.push({ queued, agent, job, correlationId });
  }
  return prepared;
}

async function finish(
  options: BatchLaneOptions,
  p: Prepared,
  entry: { type: string; message?: Message } | undefined,
  summary: BatchLaneSummary,
): Promise<void> {
  const interactive = (job: AgentJob) => {
    const pending: Promise<unknown>[] = [];
    const events = new EventBatcher(options.paths);
    const event = (type: string, payload: Record<string, unknown>) => {
      events.push({
        type,
        agent: p.agent.name,
        task: p.job.id,
        correlationId: p.correlationId,
        payload,
      });
      return Promise.resolve();
    };
    return openMonitor(options.paths, options.config, options.ctx).then((monitor) =>
      runInPool({
        ...options,
        agent: p.agent,
        job,
        provider: options.interactive,
        monitor,
        event,
        pending,
        correlationId: p.correlationId,
      })
    ).then(async (result) => {
      await Promise.all(pending);
      await events.drain();
      return result;
    });
  };
  let result: AgentJobResult;
  if (entry?.type === "succeeded" && entry.message) {
    const first = batchTurnResult(p.job, entry.message, options.config.models.batchPriceFactor);
    if (entry.message.stop_reason === "tool_use") {
      summary.continued++;
      result = mergeResults(first, await interactive(continuationJob(p.job, entry.message)));
    } else result = first;
  } else {
    summary.retriedIndividually++;
    options.out(`${p.job.id}: batch entry ${entry?.type ?? "missing"}; retrying individually\n`);
    await emitEvent(options.paths, {
      type: "batch.entry_retried",
      agent: p.agent.name,
      task: p.job.id,
      correlationId: p.correlationId,
      payload: { reason: entry?.type ?? "missing" },
    });
    result = await interactive(p.job);
  }
  await recordOutcome({
    ...options,
    agent: p.agent,
    provider: "anthropic-batch",
    taskId: p.job.id,
    correlationId: p.correlationId,
    result,
  });
  if (result.status === "completed") {
    summary.succeeded++;
    await options.queue.complete(p.queued.id, options.workerId, result);
  } else {
    summary.failed++;
    await options.queue.fail(p.queued.id, options.workerId, {
      code: result.error?.code ?? "AGENT_FAILED",
      message: result.error?.message ?? `${p.agent.name} ended ${result.status}`,
    }, { retryable: result.status === "failed" });
  }
}

/**
 * The module every pool worker runs. It receives `run` messages, loads the
 * job's executor from the table in `executors.ts`, runs it inside this
 * worker's Deno permissions, and posts progress (each report carrying the
 * job's latest checkpoint) and exactly one result or error per job. A denied operation (`Deno.errors.NotCapable`, anywhere in
 * the cause chain) is flagged so the pool reports it as a sandbox boundary.
 * @module
 */

import {
  Outbox,
  RunBatchSchema,
  type RunMessage,
  RunMessageSchema,
  type WorkerMessage,
} from "../../core/pool/protocol.ts";
import type { JobProgress } from "../../core/queue/job.ts";
import type { Executor } from "./executor.ts";
import { executors } from "./executors.ts";
import { eventCorrelationId } from "../../core/orchestration/job_events.ts";
import { CORRELATION_ATTRIBUTE, withSpan } from "../../core/telemetry.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: WorkerMessage | { type: "batch"; messages: WorkerMessage[] }): void;
};
/** Results of jobs that end in the same turn go back in one message. */
const outbox = new Outbox<WorkerMessage>((message) => scope.postMessage(message));

const loaded = new Map<string, Promise<Executor>>();

function executorFor(name: string): Promise<Executor> {
  let executor = loaded.get(name);
  if (!executor) {
    const load = executors[name];
    if (!load) {
      return Promise.reject(Object.assign(
        new Error(
          `no executor "${name}" in agents/runtime/executors.ts ` +
            `(known: ${Object.keys(executors).join(", ")})`,
        ),
        { retryable: false, code: "EXECUTOR_UNKNOWN" },
      ));
    }
    executor = load().then((module) => module.execute);
    loaded.set(name, executor);
  }
  return executor;
}

function notCapable(error: unknown): Error | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof Deno.errors.NotCapable) return e;
  }
  return undefined;
}

function describe(error: unknown) {
  const denied = notCapable(error);
  const e = denied ?? (error instanceof Error ? error : new Error(String(error)));
  const extra = e as Error & { retryable?: unknown; code?: unknown };
  return {
    name: e.name,
    message: e.message,
    notCapable: denied !== undefined,
    retryable: extra.retryable !== false,
    ...(typeof extra.code === "string" ? { code: extra.code } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
  };
}

async function run(message: RunMessage): Promise<void> {
  const taskId = message.taskId;
  // The queue stores a job's last progress whole: every report carries the
  // latest checkpoint, so a percentage after a checkpoint does not erase it.
  let saved = message.job.checkpoint;
  const report = (progress: JobProgress) => {
    const withCheckpoint = progress.data === undefined && saved !== undefined
      ? { ...progress, data: saved }
      : progress;
    outbox.add({ type: "progress", taskId, progress: withCheckpoint });
  };
  try {
    const execute = await executorFor(message.executor);
    const result = await withSpan(`executor ${message.executor}`, {
      [CORRELATION_ATTRIBUTE]: eventCorrelationId(message.job.correlationId),
      "super_agents.job_id": message.job.id,
      "super_agents.agent": message.job.agent,
    }, () =>
      execute({
        job: message.job,
        dependencies: message.dependencies,
        root: message.root,
        workspace: message.workspace,
        agentConfig: message.agentConfig,
        progress: report,
        checkpoint: (data) => {
          saved = data;
          report({ data });
        },
      }));
    outbox.add({ type: "result", taskId, result: result ?? null });
  } catch (error) {
    outbox.add({ type: "error", taskId, error: describe(error) });
  }
}

scope.onmessage = (event) => {
  const batch = (event.data as { type?: unknown } | null)?.type === "batch";
  const parsed = (batch ? RunBatchSchema : RunMessageSchema).safeParse(event.data);
  if (!parsed.success) {
    // Without a valid task id there is no job to fail; crash the worker so the pool sees it.
    throw new Error(`invalid message from the pool: ${parsed.error.issues[0].message}`);
  }
  const data = parsed.data;
  for (const message of data.type === "batch" ? data.messages : [data]) void run(message);
};

/**
 * What every pool worker runs around its one executor: it receives `run`
 * messages (checked by `run_message_check.ts`), runs the executor inside
 * this worker's Deno permissions, and posts progress (each report carrying
 * the job's latest checkpoint) and exactly one result or error per job. A
 * denied operation (`Deno.errors.NotCapable`, anywhere in the cause chain) is
 * flagged so the pool reports it as a sandbox boundary. A worker module is
 * one line per executor (`workers/noop.ts`, listed in `executors.ts`), so a
 * worker loads only the code of the executor it runs.
 * @module
 */

import { Outbox } from "../../core/pool/outbox.ts";
import type { RunMessage, WorkerMessage } from "../../core/pool/protocol.ts";
import {
  callSlotReplyOf,
  isCallSlotReply,
  runMessagesOf,
} from "../../core/pool/run_message_check.ts";
import type { JobProgress } from "../../core/queue/job.ts";
import type { Executor } from "./executor.ts";
import { CORRELATION_ATTRIBUTE, withSpan } from "../../core/telemetry.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: WorkerMessage | { type: "batch"; messages: WorkerMessage[] }): void;
};
/** Results of jobs that end in the same turn go back in one message. */
const outbox = new Outbox<WorkerMessage>((message) => scope.postMessage(message));

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

/** Jobs waiting for the pool's answer to a call-slot acquire, by task id. */
const asking = new Map<string, (granted: boolean) => void>();

/** The job's call slot: requests go to the pool through the outbox, in order with its progress. */
function callSlotOf(taskId: string) {
  return {
    acquire(): Promise<boolean> {
      if (asking.has(taskId)) return Promise.resolve(false); // one request at a time per job
      const { promise, resolve } = Promise.withResolvers<boolean>();
      asking.set(taskId, resolve);
      outbox.add({ type: "call-slot", taskId, op: "acquire", clean: true });
      return promise;
    },
    release(clean: boolean): void {
      outbox.add({ type: "call-slot", taskId, op: "release", clean });
    },
  };
}

async function run(name: string, execute: Executor, message: RunMessage): Promise<void> {
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
    if (message.executor !== name) {
      throw Object.assign(
        new Error(`this worker runs the "${name}" executor, not "${message.executor}"`),
        { retryable: false, code: "EXECUTOR_MISMATCH" },
      );
    }
    const result = await withSpan(`executor ${name}`, {
      // The pool sends the correlation id in the form events carry (see `PoolTask`).
      [CORRELATION_ATTRIBUTE]: message.job.correlationId,
      "super_agents.job_id": message.job.id,
      "super_agents.agent": message.job.agent,
    }, () =>
      execute({
        job: message.job,
        dependencies: message.dependencies,
        root: message.root,
        workspace: message.workspace,
        sandbox: message.sandbox,
        agentConfig: message.agentConfig,
        progress: report,
        checkpoint: (data) => {
          saved = data;
          report({ data });
        },
        callSlot: callSlotOf(taskId),
      }));
    outbox.add({ type: "result", taskId, result: result ?? null });
  } catch (error) {
    outbox.add({ type: "error", taskId, error: describe(error) });
  } finally {
    asking.delete(taskId);
  }
}

/**
 * Serves `execute` (the executor called `name`) to the pool: call once, at
 * the top of a worker module.
 *
 * @example
 * ```ts
 * import { execute } from "../executors/noop.ts";
 * serveExecutor("noop", execute);
 * ```
 */
export function serveExecutor(name: string, execute: Executor): void {
  scope.onmessage = (event) => {
    if (isCallSlotReply(event.data)) {
      const reply = callSlotReplyOf(event.data);
      if (typeof reply === "string") throw new Error(`invalid message from the pool: ${reply}`);
      const resolve = asking.get(reply.taskId);
      asking.delete(reply.taskId);
      resolve?.(reply.granted);
      return;
    }
    const messages = runMessagesOf(event.data);
    if (typeof messages === "string") {
      // Without a valid task id there is no job to fail; crash the worker so the pool sees it.
      throw new Error(`invalid message from the pool: ${messages}`);
    }
    for (const message of messages) void run(name, execute, message);
  };
}

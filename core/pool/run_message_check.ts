/**
 * The worker's check of what the pool sends: a `run` message, or a `batch`
 * of them, validated against the JSON Schema of `RunMessageSchema` and
 * `RunBatchSchema` (`run_message.schema.json`, generated from `protocol.ts`
 * by `scripts/generate_run_message_schema.ts`; a test fails when it is
 * stale). The zod schemas stay the one definition; a worker checks with
 * their JSON form because loading a validator costs start-up: a cold pool of
 * two no-op workers runs its first 16 jobs in ~40 ms, and 15-37 ms more when
 * the workers validate with `zod/mini` (this check: ~2 ms). What a worker
 * sends back is parsed with zod by the pool.
 * @module
 */

import type { CallSlotReply, RunMessage } from "./protocol.ts";
import { checkJsonSchema, type JsonSchema } from "./json_schema_check.ts";
import schemas from "./run_message.schema.json" with { type: "json" };

// Typed as the checker's subset: the JSON's own inferred type is too literal to compare.
const { run, batch, callSlot } = schemas as unknown as Record<
  "run" | "batch" | "callSlot",
  JsonSchema
>;

/** True when `data` claims to be a `call-slot` reply (check it with {@linkcode callSlotReplyOf}). */
export function isCallSlotReply(data: unknown): boolean {
  return typeof data === "object" && data !== null &&
    (data as { type?: unknown }).type === "call-slot";
}

/** The call-slot reply in `data`, or what is wrong with it (naming the field). */
export function callSlotReplyOf(data: unknown): CallSlotReply | string {
  const problem = checkJsonSchema(callSlot, data);
  return problem ?? data as CallSlotReply;
}

/**
 * The run messages in `data`, or what is wrong with it (naming the field).
 *
 * @example
 * ```ts
 * const messages = runMessagesOf(event.data);
 * if (typeof messages === "string") throw new Error(`invalid message: ${messages}`);
 * ```
 */
export function runMessagesOf(data: unknown): RunMessage[] | string {
  const isBatch = typeof data === "object" && data !== null &&
    (data as { type?: unknown }).type === "batch";
  const problem = checkJsonSchema(isBatch ? batch : run, data);
  if (problem !== undefined) return problem;
  return isBatch ? (data as { messages: RunMessage[] }).messages : [data as RunMessage];
}

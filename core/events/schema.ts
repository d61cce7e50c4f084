/**
 * The event record and the input accepted from producers, as zod schemas
 * (the TypeScript types are inferred from them). A record on disk is one
 * line of canonical JSON: every field but `hash` in sorted key order, then
 * `hash` last — see `chain.ts`.
 * @module
 */

import { z } from "../deps.ts";
import { CORRELATION_ID_PATTERN } from "./correlation.ts";
import { ULID_PATTERN } from "./ulid.ts";

/** Hash of "nothing before": the `prev_hash` of the first event of a new chain. */
export const GENESIS_HASH = "0".repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");

/** Event types: dotted names such as `task.started` or `claude.PreToolUse`. */
export const EventTypeSchema = z.string().min(1).max(128).regex(
  /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/,
  "must start with a letter or digit and contain only letters, digits, '.', '_', ':' or '-'",
);

const label = z.string().min(1).max(256);

/** A correlation id (`toolu_` + 24 base62 characters). */
export const CorrelationIdSchema = z.string().regex(
  CORRELATION_ID_PATTERN,
  "must look like toolu_ followed by 24 letters or digits (see newCorrelationId())",
);

/** What a producer passes to `emitEvent`. */
export const EventInputSchema = z.object({
  type: EventTypeSchema,
  agent: label.optional(),
  task: label.optional(),
  correlationId: CorrelationIdSchema.optional(),
  /** Id of the event (or correlation id of the request) that caused this one. */
  parent: label.optional(),
  payload: z.unknown().optional(),
});

/** Input of {@linkcode emitEvent}. */
export type EventInput = z.input<typeof EventInputSchema>;

/** One event as stored in the log. */
export const EventRecordSchema = z.object({
  id: z.string().regex(ULID_PATTERN, "must be a ULID"),
  ts: z.number().int().nonnegative(),
  type: EventTypeSchema,
  agent: label.optional(),
  task: label.optional(),
  correlation_id: z.string().optional(),
  parent: label.optional(),
  payload: z.unknown().optional(),
  seq: z.number().int().positive(),
  prev_hash: hex64,
  hash: hex64,
});

/** One event as stored in the log. */
export type EventRecord = z.infer<typeof EventRecordSchema>;

/** An event before it is chained (no `seq`, `prev_hash` or `hash` yet). */
export type EventDraft = Omit<EventRecord, "seq" | "prev_hash" | "hash" | "id" | "ts"> & {
  id?: string;
  ts?: number;
};

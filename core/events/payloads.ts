/**
 * Payload schemas per event type: a small registry that modules extend with
 * {@linkcode registerPayloadSchema}. Events of a registered type are
 * validated before they are written; other types accept any JSON payload.
 * @module
 */

import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";

const schemas = new Map<string, z.ZodType>();

/**
 * Declares the payload schema of an event type.
 *
 * @example
 * ```ts
 * registerPayloadSchema("task.failed", z.object({ error: z.string() }));
 * ```
 */
export function registerPayloadSchema(type: string, schema: z.ZodType): void {
  schemas.set(type, schema);
}

/** The registered schema of `type`, if any. */
export function payloadSchemaOf(type: string): z.ZodType | undefined {
  return schemas.get(type);
}

/** Validates (and normalises) `payload` for `type`; throws a clear error when it does not fit. */
export function validatePayload(type: string, payload: unknown): unknown {
  const schema = schemas.get(type);
  if (!schema) return payload;
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length ? `payload.${issue.path.join(".")}` : "payload";
  throw new SuperAgentsError(
    "EVENT_PAYLOAD_INVALID",
    `event ${type}: ${where}: ${issue.message}`,
    { hint: `emit a payload that matches the ${type} schema`, exitCode: 2 },
  );
}

/** A line moved to the quarantine file. */
export const QuarantinedPayloadSchema = z.object({
  reason: z.string(),
  line: z.number().int().positive().optional(),
  bytes: z.number().int().nonnegative(),
  quarantine: z.string(),
});

/** What `events repair` (or the automatic tail repair) did. */
export const RepairedPayloadSchema = z.object({
  firstBadLine: z.number().int().positive(),
  reason: z.string(),
  quarantined: z.number().int().nonnegative(),
  rechained: z.number().int().nonnegative(),
  kept: z.number().int().nonnegative(),
  quarantine: z.string(),
});

/** First event of a log after rotation: links to the archive's last event. */
export const RotatedPayloadSchema = z.object({
  archive: z.string(),
  lastSeq: z.number().int().nonnegative(),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  reason: z.enum(["size", "age", "manual"]),
});

/** A trigger file that was consumed (or given up on). */
export const TriggerOutcomePayloadSchema = z.object({
  file: z.string(),
  triggerType: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  error: z.string().optional(),
});

registerPayloadSchema("events.quarantined", QuarantinedPayloadSchema);
registerPayloadSchema("events.repaired", RepairedPayloadSchema);
registerPayloadSchema("events.rotated", RotatedPayloadSchema);
registerPayloadSchema("trigger.processed", TriggerOutcomePayloadSchema);
registerPayloadSchema("trigger.failed", TriggerOutcomePayloadSchema);

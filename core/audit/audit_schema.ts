/**
 * What an audit entry says: the sensitive action, its target (a secret's
 * name, a config key, a path — never a secret's value), the outcome, who
 * and which process. Registered as the payload schema of every `audit.*`
 * event type, so a malformed entry is refused before it is written.
 * @module
 */

import { z } from "../deps.ts";
import { registerPayloadSchema } from "../events/payloads.ts";

/** The audited actions. */
export const AuditActionSchema = z.enum([
  "secret.set",
  "secret.reveal",
  "secret.remove",
  "secret.use",
  "secret.reset",
  "token.create",
  "token.use",
  "sandbox.denied",
  "project.uninstall",
  "config.set",
  "oauth.client.register",
  "oauth.consent",
  "oauth.token",
  "access.denied",
  "agent.run",
  "agent.trust",
]);

/** An audited action. */
export type AuditAction = z.infer<typeof AuditActionSchema>;

const detail = z.union([z.string().max(1024), z.number(), z.boolean()]);

/** The payload of an `audit.*` event. */
export const AuditPayloadSchema = z.object({
  action: AuditActionSchema,
  /** What was acted on: a secret's name, a config key, a path, an agent. */
  target: z.string().max(4096).optional(),
  outcome: z.enum(["ok", "denied", "failed"]),
  /** The user (login name) who ran the command. */
  actor: z.string().min(1).max(256),
  pid: z.number().int().nonnegative(),
  /** Project root, when the action happened inside a project. */
  root: z.string().optional(),
  details: z.record(z.string(), detail).optional(),
}).strict();

/** The payload of an `audit.*` event. */
export type AuditPayload = z.infer<typeof AuditPayloadSchema>;

/** The event type of an action. */
export function auditEventType(action: AuditAction): string {
  return `audit.${action}`;
}

for (const action of AuditActionSchema.options) {
  registerPayloadSchema(auditEventType(action), AuditPayloadSchema);
}

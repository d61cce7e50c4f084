/**
 * Parses one log line into an event record, checking its shape with zod and
 * its own hash (the hash member must equal SHA-256 of `prev_hash` plus the
 * line's content). Shared by verify, repair and the readers.
 * @module
 */

import { chainHash, splitLine } from "./chain.ts";
import { type EventRecord, EventRecordSchema } from "./schema.ts";

/** Kinds of damage a line can show. */
export type LineFault = "torn" | "invalid" | "edited";

/** A parsed line, or why it is unusable. */
export type ParsedLine =
  | { ok: true; record: EventRecord }
  | { ok: false; fault: LineFault; reason: string };

/**
 * Parses and self-checks a line (without its newline).
 *
 * @example
 * ```ts
 * const parsed = parseEventLine(text);
 * if (parsed.ok) console.log(parsed.record.seq);
 * ```
 */
export function parseEventLine(text: string, checkHash = true): ParsedLine {
  if (text.length === 0) return { ok: false, fault: "invalid", reason: "empty line" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, fault: "invalid", reason: `invalid JSON: ${(error as Error).message}` };
  }
  let record: EventRecord;
  // With checkHash the digest comparison below proves `hash` is hex, and the chain check compares
  // `prev_hash` with the previous (proven) hash, so the per-line hex scans can be skipped.
  if (hasEventShape(value, !checkHash)) record = value;
  else {
    // The fast check rejected it; zod names the offending field (and is the reference).
    const result = EventRecordSchema.safeParse(value);
    if (result.success) record = result.data;
    else {
      const issue = result.error.issues[0];
      return {
        ok: false,
        fault: "invalid",
        reason: `not an event: ${issue.path.join(".") || "line"}: ${issue.message}`,
      };
    }
  }
  if (checkHash) {
    const parts = splitLine(text);
    if (!parts) {
      return { ok: false, fault: "invalid", reason: "the hash member is not last in the line" };
    }
    if (parts.hash !== record.hash || chainHash(record.prev_hash, parts.content) !== parts.hash) {
      return {
        ok: false,
        fault: "edited",
        reason: "hash mismatch: the line was changed after it was written",
      };
    }
  }
  return { ok: true, record };
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const TYPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const HEX = /^[0-9a-f]+$/;

/**
 * The same rules as `EventRecordSchema`, hand-written because verify runs
 * it on every line (zod alone would halve verify's throughput). A value that
 * fails here is re-checked with zod for the error message.
 */
function hasEventShape(value: unknown, checkHex: boolean): value is EventRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && ULID.test(v.id) &&
    Number.isSafeInteger(v.ts) && (v.ts as number) >= 0 &&
    typeof v.type === "string" && v.type.length <= 128 && TYPE.test(v.type) &&
    optionalLabel(v.agent) && optionalLabel(v.task) && optionalLabel(v.parent) &&
    (v.correlation_id === undefined || typeof v.correlation_id === "string") &&
    Number.isSafeInteger(v.seq) && (v.seq as number) > 0 &&
    isHash(v.prev_hash, checkHex) && isHash(v.hash, checkHex);
}

function isHash(value: unknown, checkHex: boolean): boolean {
  return typeof value === "string" && value.length === 64 && (!checkHex || HEX.test(value));
}

function optionalLabel(value: unknown): boolean {
  return value === undefined ||
    (typeof value === "string" && value.length >= 1 && value.length <= 256);
}

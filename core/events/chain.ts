/**
 * The hash chain. Each line is the canonical JSON of the event without its
 * hash, with `"hash":"<hex>"` appended as the last member, where
 * `hash = SHA-256(prev_hash + canonical JSON without hash)` in lowercase hex.
 * Because the line text up to the hash member *is* the hashed content,
 * verification hashes the raw line without re-serialising it. Every new
 * event's payload is redacted here, before its hash is computed: all
 * writers of the log (hooks, `events emit`, agents, the KM, the audit log)
 * chain through {@linkcode chainEvent}, so no secret reaches the log's bytes.
 * @module
 */

import { hash } from "node:crypto";
import { redactValue } from "../secrets/redact.ts";
import { canonicalJson, inCanonicalOrder } from "./canonical_json.ts";
import type { EventDraft, EventRecord } from "./schema.ts";

const DRAFT_KEYS = new Set([
  "type",
  "agent",
  "task",
  "correlation_id",
  "parent",
  "payload",
  "id",
  "ts",
]);

const HASH_SUFFIX_LENGTH = ',"hash":"'.length + 64 + '"}'.length;

/** SHA-256 of `prevHash + content`, lowercase hex. */
export function chainHash(prevHash: string, content: string): string {
  return hash("sha256", prevHash + content, "hex"); // the one-shot form: no Hash object kept
}

/**
 * Serialises a record (its `hash` is ignored and recomputed) into its line
 * text without the newline, and returns the hash.
 *
 * @example
 * ```ts
 * const { line, hash } = serializeEvent({ id, ts, type: "x", seq: 1, prev_hash: GENESIS_HASH });
 * ```
 */
export function serializeEvent(
  record: Omit<EventRecord, "hash"> & { hash?: string },
): { line: string; hash: string } {
  // canonicalJson drops undefined members, so a record without a hash needs no copy.
  const text = canonicalJson(record.hash === undefined ? record : { ...record, hash: undefined });
  const hash = chainHash(record.prev_hash, text);
  return { line: text.slice(0, -1) + ',"hash":"' + hash + '"}', hash };
}

/**
 * The record, line and hash of a new event chained at `seq` after `prevHash`,
 * its payload redacted first (`redactValue`, which neither copies nor
 * rescans a payload without candidate substrings). This runs for every
 * appended event. The record's members are created in sorted order, so when
 * the draft holds only known members with plain values, only its payload
 * needs the order check before `JSON.stringify` gives the canonical text;
 * any other draft is spread and serialised in full.
 */
export function chainEvent(
  draft: EventDraft,
  id: string,
  ts: number,
  seq: number,
  prevHash: string,
): { record: EventRecord; line: string; hash: string } {
  if (draft.payload !== undefined) {
    const payload = redactValue(draft.payload);
    if (payload !== draft.payload) draft = { ...draft, payload };
  }
  let known = true;
  for (const key in draft) {
    const value = draft[key as keyof EventDraft];
    // Besides the payload, only plain values: then the payload alone needs an order check.
    if (
      !DRAFT_KEYS.has(key) || (key !== "payload" && typeof value === "object" && value !== null)
    ) {
      known = false;
    }
  }
  if (!known) {
    const record = { ...draft, id, ts, seq, prev_hash: prevHash } as EventRecord;
    const { line, hash } = serializeEvent(record);
    record.hash = hash;
    return { record, line, hash };
  }
  const record = orderedRecord(draft, id, ts, seq, prevHash);
  const text = inCanonicalOrder(record.payload) ? JSON.stringify(record) : canonicalJson(record);
  const hash = chainHash(prevHash, text);
  record.hash = hash;
  return { record, line: text.slice(0, -1) + ',"hash":"' + hash + '"}', hash };
}

/** The record with its members created in canonical (sorted) order; `draft.ts` is replaced. */
function orderedRecord(
  draft: EventDraft,
  id: string,
  ts: number,
  seq: number,
  prevHash: string,
): EventRecord {
  const record: Partial<EventRecord> = {};
  if (draft.agent !== undefined) record.agent = draft.agent;
  if (draft.correlation_id !== undefined) record.correlation_id = draft.correlation_id;
  record.id = id;
  if (draft.parent !== undefined) record.parent = draft.parent;
  if (draft.payload !== undefined) record.payload = draft.payload;
  record.prev_hash = prevHash;
  record.seq = seq;
  if (draft.task !== undefined) record.task = draft.task;
  record.ts = ts;
  record.type = draft.type;
  return record as EventRecord;
}

/**
 * Splits a line into the hashed content and the stored hash (64 characters,
 * not checked for hex), or `undefined` when the line does not end with a
 * hash member.
 */
export function splitLine(line: string): { content: string; hash: string } | undefined {
  if (line.length <= HASH_SUFFIX_LENGTH || !line.endsWith('"}')) return undefined;
  const start = line.length - HASH_SUFFIX_LENGTH;
  if (!line.startsWith(',"hash":"', start)) return undefined;
  // Hex validity of the hash is left to the caller: it compares it with a computed digest.
  return { content: line.slice(0, start) + "}", hash: line.slice(start + 9, line.length - 2) };
}

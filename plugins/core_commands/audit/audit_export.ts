/**
 * `audit export`: a contiguous stretch of the audit log (every entry from
 * the first one at or after `--since` to the newest, archives included) as
 * JSON Lines or CSV, carrying its own hash-chain proof. JSONL: a header line
 * (`format`, the anchor hash the first entry chains to, the count and the
 * last hash), then each entry's line exactly as the log stores it, so
 * `SHA-256(prev_hash + line without hash)` recomputes from the file alone.
 * CSV: readable columns plus the stored line in the `line` column, and a
 * last `proof` row with the same header object; `audit verify --file` checks
 * that every readable column agrees with its line. The entries are
 * re-serialised through the chain's own serialiser and must reproduce their
 * stored hash, so a damaged live log is refused rather than exported.
 * @module
 */

import { serializeEvent } from "../../../core/events/chain.ts";
import type { EventLogPaths } from "../../../core/events/event_paths.ts";
import { readEvents } from "../../../core/events/reader.ts";
import { GENESIS_HASH } from "../../../core/events/schema.ts";
import { SuperAgentsError } from "../../../core/errors.ts";
import { csvLine } from "./csv.ts";

/** The export's format marker. */
export const EXPORT_FORMAT = "super-agents-audit-export";

/** The proof a file carries. */
export interface ExportProof {
  format: typeof EXPORT_FORMAT;
  version: 1;
  exportedAt: string;
  since: string | null;
  /** The `prev_hash` of the first entry (the genesis hash when the export starts the log). */
  anchor: string;
  firstSeq: number | null;
  entries: number;
  /** The hash of the last entry (the anchor when there are none). */
  lastHash: string;
}

/** Readable CSV columns, each taken from the entry's line. */
export const CSV_COLUMNS = [
  "seq",
  "time",
  "action",
  "outcome",
  "actor",
  "target",
  "root",
  "details",
  "prev_hash",
  "hash",
  "line",
] as const;

/** One exported entry: its stored line and what the readable columns show. */
export interface ExportedEntry {
  line: string;
  columns: Record<typeof CSV_COLUMNS[number], string>;
}

/** The readable columns of a stored line (also what `verify` compares a CSV row against). */
export function columnsOf(line: string): ExportedEntry["columns"] {
  const record = JSON.parse(line);
  const payload = record.payload ?? {};
  return {
    seq: String(record.seq),
    time: new Date(record.ts).toISOString(),
    action: String(payload.action ?? record.type),
    outcome: String(payload.outcome ?? ""),
    actor: String(payload.actor ?? ""),
    target: String(payload.target ?? ""),
    root: String(payload.root ?? ""),
    details: payload.details === undefined ? "" : JSON.stringify(payload.details),
    prev_hash: String(record.prev_hash),
    hash: String(record.hash),
    line,
  };
}

/**
 * The entries to export and their proof.
 *
 * @example
 * ```ts
 * const { proof, entries } = await collectExport(auditLogPaths(ctx), { since, now: ctx.now() });
 * ```
 */
export async function collectExport(
  files: EventLogPaths,
  options: { since?: number; now: number },
): Promise<{ proof: ExportProof; entries: ExportedEntry[] }> {
  const entries: ExportedEntry[] = [];
  let anchor: string | undefined;
  let firstSeq: number | null = null;
  let previous: string | undefined;
  for await (const record of readEvents(files, { types: ["audit.*"] })) {
    if (entries.length === 0 && options.since !== undefined && record.ts < options.since) {
      previous = record.hash;
      continue;
    }
    const { line, hash } = serializeEvent(record);
    const broken = hash !== record.hash ||
      (previous !== undefined && record.prev_hash !== previous);
    if (broken) {
      throw new SuperAgentsError(
        "AUDIT_LOG_BROKEN",
        `the audit log's chain is broken at entry ${record.seq}: nothing exported`,
        { hint: "run `super-agents audit verify` to see where, and keep the log as evidence" },
      );
    }
    if (entries.length === 0) {
      anchor = record.prev_hash;
      firstSeq = record.seq;
    }
    entries.push({ line, columns: columnsOf(line) });
    previous = hash;
  }
  const start = anchor ?? previous ?? GENESIS_HASH;
  return {
    proof: {
      format: EXPORT_FORMAT,
      version: 1,
      exportedAt: new Date(options.now).toISOString(),
      since: options.since === undefined ? null : new Date(options.since).toISOString(),
      anchor: start,
      firstSeq,
      entries: entries.length,
      lastHash: previous ?? start,
    },
    entries,
  };
}

/** The export as text in `format`. */
export function renderExport(
  format: "jsonl" | "csv",
  proof: ExportProof,
  entries: readonly ExportedEntry[],
): string {
  if (format === "jsonl") {
    return [JSON.stringify(proof), ...entries.map((entry) => entry.line)].join("\n") + "\n";
  }
  const rows = [
    csvLine([...CSV_COLUMNS]),
    ...entries.map((entry) => csvLine(CSV_COLUMNS.map((column) => entry.columns[column]))),
    csvLine(
      CSV_COLUMNS.map((column) =>
        column === "seq" ? "proof" : column === "line" ? JSON.stringify(proof) : ""
      ),
    ),
  ];
  return rows.join("\r\n") + "\r\n";
}

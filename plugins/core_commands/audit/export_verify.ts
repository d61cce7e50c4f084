/**
 * `audit verify --file`: checks an exported audit file on its own. Every
 * entry's hash is recomputed from its stored line; each entry must chain to
 * the one before it (the first to the proof's anchor) with consecutive
 * sequence numbers; the count and the last hash must match the proof. So an
 * edited line (its hash no longer matches), a deleted line (a gap in the
 * chain, or a short count) and reordered lines (the chain breaks) are each
 * found and named by line number. In CSV, every readable column must also
 * agree with the entry's stored line. What it cannot prove without the live
 * log: that nobody rewrote the whole file consistently — compare the
 * proof's hashes with `audit verify` on the original machine for that.
 * @module
 */

import { chainHash, splitLine } from "../../../core/events/chain.ts";
import { columnsOf, CSV_COLUMNS, EXPORT_FORMAT, type ExportProof } from "./audit_export.ts";
import { parseCsv } from "./csv.ts";

/** The outcome of a verification. */
export interface ExportVerdict {
  ok: boolean;
  format: "jsonl" | "csv";
  entries: number;
  /** The first problem: the file's line (JSONL) or row (CSV) number and what is wrong. */
  problem?: { line: number; reason: string };
  proof?: ExportProof;
}

/**
 * Verifies an export's text (the format is recognised from its first line).
 *
 * @example
 * ```ts
 * const verdict = verifyExport(await Deno.readTextFile("audit.jsonl"));
 * if (!verdict.ok) console.log(verdict.problem);
 * ```
 */
export function verifyExport(text: string): ExportVerdict {
  const format = text.startsWith("{") ? "jsonl" : "csv";
  let lines: { number: number; line: string }[];
  let proofText: string | undefined;
  let proofLine = 1;
  if (format === "jsonl") {
    const all = text.split("\n");
    if (all.at(-1) === "") all.pop();
    proofText = all[0];
    lines = all.slice(1).map((line, i) => ({ number: i + 2, line }));
  } else {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (error) {
      return fail(format, 0, 0, (error as Error).message);
    }
    if (rows.length < 2 || rows[0].join(",") !== CSV_COLUMNS.join(",")) {
      return fail(format, 0, 1, `the header row is not ${CSV_COLUMNS.join(",")}`);
    }
    const last = rows.at(-1)!;
    proofLine = rows.length;
    if (last[0] !== "proof") return fail(format, 0, rows.length, "the last row is not the proof");
    proofText = last[CSV_COLUMNS.indexOf("line")];
    lines = [];
    for (let r = 1; r < rows.length - 1; r++) {
      const row = rows[r];
      if (row.length !== CSV_COLUMNS.length) {
        return fail(
          format,
          lines.length,
          r + 1,
          `${row.length} columns, not ${CSV_COLUMNS.length}`,
        );
      }
      const line = row[CSV_COLUMNS.indexOf("line")];
      let expected;
      try {
        expected = columnsOf(line);
      } catch {
        return fail(format, lines.length, r + 1, "the line column is not an audit entry");
      }
      const differs = CSV_COLUMNS.find((column, c) => expected[column] !== row[c]);
      if (differs) {
        return fail(format, lines.length, r + 1, `column ${differs} does not match the entry`);
      }
      lines.push({ number: r + 1, line });
    }
  }
  let proof: ExportProof;
  try {
    proof = JSON.parse(proofText ?? "");
  } catch {
    return fail(format, 0, proofLine, "the proof is not JSON");
  }
  if (proof?.format !== EXPORT_FORMAT || typeof proof.anchor !== "string") {
    return fail(format, 0, proofLine, `the proof is not a ${EXPORT_FORMAT} header`);
  }
  let previous = proof.anchor;
  let seq: number | undefined;
  let count = 0;
  for (const { number, line } of lines) {
    const split = splitLine(line);
    let record: { prev_hash?: unknown; seq?: unknown } | undefined;
    try {
      record = split ? JSON.parse(line) : undefined;
    } catch {
      record = undefined;
    }
    if (!split || !record) return fail(format, count, number, "not a chained entry", proof);
    if (chainHash(String(record.prev_hash), split.content) !== split.hash) {
      return fail(format, count, number, "the entry was edited (its hash does not match)", proof);
    }
    if (record.prev_hash !== previous) {
      return fail(
        format,
        count,
        number,
        "the chain breaks here: an entry before it was deleted, or entries were reordered",
        proof,
      );
    }
    if (seq !== undefined && record.seq !== seq + 1) {
      return fail(format, count, number, `sequence ${record.seq} follows ${seq}`, proof);
    }
    seq = Number(record.seq);
    previous = split.hash;
    count++;
  }
  if (count !== proof.entries || previous !== proof.lastHash) {
    return fail(
      format,
      count,
      proofLine,
      `the proof names ${proof.entries} entries ending in ${
        String(proof.lastHash).slice(0, 12)
      }…; the file has ${count}: entries at the end were deleted or added`,
      proof,
    );
  }
  return { ok: true, format, entries: count, proof };
}

function fail(
  format: "jsonl" | "csv",
  entries: number,
  line: number,
  reason: string,
  proof?: ExportProof,
): ExportVerdict {
  return { ok: false, format, entries, problem: { line, reason }, proof };
}

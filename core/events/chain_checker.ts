/**
 * Incremental chain checking over self-checked records: sequence numbers
 * must increase by one and each `prev_hash` must equal the previous line's
 * hash, within a file and across rotation boundaries. A seq jump is judged
 * one line later: if the next line carries the skipped seq, two lines were
 * swapped (reordered); otherwise lines are missing.
 * @module
 */

import { type EventRecord, GENESIS_HASH } from "./schema.ts";

/** Chain-level faults (line-level ones come from `parse_line.ts`). */
export type ChainFault = "missing" | "reordered" | "chain";

/** A fault found by the checker. */
export interface ChainProblem {
  line: number;
  kind: ChainFault;
  reason: string;
}

/** Checks that records form one unbroken chain. */
export class ChainChecker {
  /** Seq of the last accepted record (0 before any). */
  lastSeq = 0;
  /** Hash of the last accepted record. */
  lastHash?: string;
  #started = false;
  #fileStart = true;
  #file = "";
  #line = 0;
  #gap?: { line: number; expected: number; found: number };
  #fault?: ChainProblem;

  /** Marks the start of the next file; its first record must link to the previous file. */
  startFile(name: string): void {
    this.#fileStart = true;
    this.#file = name;
    this.#line = 0;
  }

  /** Adds the record of the next line. */
  add(record: EventRecord): void {
    this.#line++;
    if (this.#fault) return;
    if (this.#gap) {
      this.#resolveGap(record.seq);
      return;
    }
    if (this.#fileStart) {
      this.#fileStart = false;
      if (!this.#acceptStart(record)) return;
    } else if (record.seq === this.lastSeq + 1) {
      if (record.prev_hash !== this.lastHash) {
        return this.#report(
          "chain",
          "chain break: prev_hash does not match the hash of the line before (that line was replaced)",
        );
      }
    } else if (record.seq > this.lastSeq + 1) {
      this.#gap = { line: this.#line, expected: this.lastSeq + 1, found: record.seq };
      return;
    } else {
      return this.#report(
        "reordered",
        `seq ${record.seq} after seq ${this.lastSeq}: lines are out of order or duplicated`,
      );
    }
    this.lastSeq = record.seq;
    this.lastHash = record.hash;
  }

  /**
   * Fast path for the next line when the caller has already proven that its
   * `prev_hash` equals {@linkcode lastHash} and its own hash is `hash`:
   * accepts it if it simply continues the chain inside the current file
   * (seq is the next one). Returns false, changing nothing, otherwise; the
   * caller then parses the line and calls {@linkcode add}.
   */
  acceptLinked(seq: number, hash: string): boolean {
    if (this.#fileStart || this.#gap || this.#fault || seq !== this.lastSeq + 1) return false;
    this.#line++;
    this.lastSeq = seq;
    this.lastHash = hash;
    return true;
  }

  /** A fault found by the last `add`, if any (then checking stops). */
  takeFault(): ChainProblem | undefined {
    return this.#fault;
  }

  /** Ends the current file; reports a seq gap on its last line. */
  finish(): ChainProblem | undefined {
    if (this.#gap && !this.#fault) this.#resolveGap(undefined);
    return this.#fault;
  }

  #acceptStart(record: EventRecord): boolean {
    if (this.#started) {
      if (
        record.type !== "events.rotated" || record.seq !== this.lastSeq + 1 ||
        record.prev_hash !== this.lastHash
      ) {
        this.#report(
          "chain",
          `chain break across files: the first event of ${this.#file} does not link to the last event of the previous file (seq ${this.lastSeq})`,
        );
        return false;
      }
      return true;
    }
    this.#started = true;
    if (record.seq === 1) {
      if (record.prev_hash === GENESIS_HASH) return true;
      this.#report("chain", "the first event (seq 1) does not start from the genesis hash");
      return false;
    }
    const link = record.payload as { lastHash?: unknown; lastSeq?: unknown } | undefined;
    if (
      record.type === "events.rotated" && link?.lastHash === record.prev_hash &&
      link?.lastSeq === record.seq - 1 && /^[0-9a-f]{64}$/.test(record.prev_hash)
    ) return true;
    this.#report(
      "missing",
      `the chain starts at seq ${record.seq} without a link to an archive: earlier lines are missing`,
    );
    return false;
  }

  #resolveGap(nextSeq: number | undefined): void {
    const gap = this.#gap!;
    this.#gap = undefined;
    if (nextSeq === gap.expected) {
      this.#fault = {
        line: gap.line,
        kind: "reordered",
        reason:
          `lines out of order: seq ${gap.found} comes before seq ${gap.expected} (expected seq ${gap.expected} here)`,
      };
    } else {
      const count = gap.found - gap.expected;
      this.#fault = {
        line: gap.line,
        kind: "missing",
        reason: `seq gap: expected seq ${gap.expected}, found ${gap.found} (${count} line${
          count === 1 ? "" : "s"
        } missing before this line)`,
      };
    }
  }

  #report(kind: ChainFault, reason: string): void {
    this.#fault = { line: this.#line, kind, reason };
  }
}

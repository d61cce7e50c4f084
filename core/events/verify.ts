/**
 * `events verify`: walks the hash chain of the live log (and, with `all`,
 * of every archive first) and reports the first bad line with its file,
 * line number and what is wrong: a torn write, invalid JSON, an edited line
 * (hash mismatch), a missing line (seq gap), reordered lines, or a broken
 * link between files.
 * @module
 */

import { createHash } from "node:crypto";
import { basename } from "node:path";
import { listArchives } from "./archive.ts";
import type { EventLogPaths } from "./event_paths.ts";
import { readByteLineBatches } from "./line_reader.ts";
import { parseEventLine } from "./parse_line.ts";
import { ChainChecker, type ChainFault } from "./chain_checker.ts";
import { pathExists } from "../fs/path_exists.ts";

/** Where and why the chain is broken. */
export interface BadLine {
  /** File name relative to `.claude/events/`. */
  file: string;
  /** 1-based line number in that file. */
  line: number;
  kind: ChainFault | "torn" | "invalid" | "edited";
  reason: string;
}

/** Result of a verification. */
export interface VerifyReport {
  ok: boolean;
  /** Files checked, oldest first. */
  files: string[];
  /** Lines checked (up to and including the first bad one). */
  lines: number;
  lastSeq: number;
  lastHash?: string;
  firstBad?: BadLine;
}

/** Options of {@linkcode verifyLog}. */
export interface VerifyOptions {
  /** Check every archive and the links between files, not just the live log. */
  all?: boolean;
}

/**
 * Verifies the event log.
 *
 * @example
 * ```ts
 * const report = await verifyLog(eventLogPaths(paths), { all: true });
 * if (!report.ok) console.log(report.firstBad);
 * ```
 */
export async function verifyLog(
  files: EventLogPaths,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const sources: { path: string; name: string; gzip: boolean }[] = [];
  if (options.all) {
    for (const archive of listArchives(files.archive)) {
      sources.push({ path: archive.path, name: `archive/${archive.name}`, gzip: archive.gzip });
    }
  }
  sources.push({ path: files.log, name: basename(files.log), gzip: false });
  const checker = new ChainChecker();
  const report: VerifyReport = { ok: true, files: [], lines: 0, lastSeq: 0 };
  for (const source of sources) {
    if (!(await pathExists(source.path))) continue;
    report.files.push(source.name);
    checker.startFile(source.name);
    for await (const batch of readByteLineBatches(source.path, source.gzip)) {
      const last = batch.lines.length - 1;
      for (let i = 0; i <= last; i++) {
        report.lines++;
        const terminated = i < last || batch.lastTerminated;
        const bytes = batch.lines[i];
        if (terminated && checker.lastHash !== undefined) {
          const linked = linkedLine(bytes, checker.lastHash);
          if (linked && checker.acceptLinked(linked.seq, linked.hash)) continue;
        }
        const bad = checkLine(checker, decoder.decode(bytes), terminated);
        if (bad) {
          // A seq jump on the line before is the earlier fault.
          const gap = checker.finish();
          const line = batch.firstNumber + i;
          return fail(
            report,
            gap ? { file: source.name, ...gap } : { file: source.name, line, ...bad },
          );
        }
        const pending = checker.takeFault();
        if (pending) return fail(report, { file: source.name, ...pending });
      }
    }
    const pending = checker.finish();
    if (pending) return fail(report, { file: source.name, ...pending });
  }
  report.lastSeq = checker.lastSeq;
  report.lastHash = checker.lastHash;
  return report;
}

const decoder = new TextDecoder();
const PREV_KEY = [...'"prev_hash":"'].map((c) => c.charCodeAt(0));
const SEQ_KEY = [...',"seq":'].map((c) => c.charCodeAt(0));
const HASH_KEY = [...',"hash":"'].map((c) => c.charCodeAt(0));
const HASH_SUFFIX = HASH_KEY.length + 64 + 2;

/**
 * The fast path of verify for a line in the canonical form written by
 * `serializeEvent` (keys sorted, `"hash"` last): reads `prev_hash` and `seq`
 * from their fixed places without JSON.parse and hashes the raw bytes.
 * Returns the line's seq and hash only when `prev_hash` equals `prevHash`
 * and the stored hash equals SHA-256 of `prevHash` plus the content, so any
 * change to the line sends it to the slow path (full parse, shape check and
 * exact fault). Lines that pass were written by a canonical serialiser.
 */
function linkedLine(line: Uint8Array, prevHash: string): { seq: number; hash: string } | undefined {
  const length = line.length;
  if (length <= HASH_SUFFIX + 100 || line[0] !== 0x7b || line[length - 1] !== 0x7d) return;
  if (line[length - 2] !== 0x22) return;
  const hashAt = length - HASH_SUFFIX;
  if (!bytesAt(line, hashAt, HASH_KEY)) return;
  // prev_hash is followed only by seq, task, ts and type: strings and numbers, none containing
  // an unescaped `"prev_hash":"`, so the last occurrence is the top-level member.
  let at = hashAt - PREV_KEY.length - 64;
  while (at >= 0 && !bytesAt(line, at, PREV_KEY)) at--;
  if (at < 0) return;
  at += PREV_KEY.length;
  for (let i = 0; i < 64; i++) if (line[at + i] !== prevHash.charCodeAt(i)) return;
  at += 64;
  if (line[at] !== 0x22 || !bytesAt(line, at + 1, SEQ_KEY)) return;
  at += 1 + SEQ_KEY.length;
  let seq = 0;
  const first = at;
  for (; line[at] >= 0x30 && line[at] <= 0x39; at++) seq = seq * 10 + line[at] - 0x30;
  if (at === first || at - first > 15 || (line[first] === 0x30) || line[at] !== 0x2c) return;
  const hash = createHash("sha256").update(prevHash).update(line.subarray(0, hashAt)).update("}")
    .digest("hex");
  const stored = hashAt + HASH_KEY.length;
  for (let i = 0; i < 64; i++) if (line[stored + i] !== hash.charCodeAt(i)) return;
  return { seq, hash };
}

function bytesAt(line: Uint8Array, at: number, pattern: number[]): boolean {
  for (let i = 0; i < pattern.length; i++) if (line[at + i] !== pattern[i]) return false;
  return true;
}

function checkLine(
  checker: ChainChecker,
  text: string,
  terminated: boolean,
): Omit<BadLine, "file" | "line"> | undefined {
  if (!terminated) {
    return { kind: "torn", reason: "torn write: the last line has no trailing newline" };
  }
  const parsed = parseEventLine(text);
  if (!parsed.ok) return { kind: parsed.fault, reason: parsed.reason };
  checker.add(parsed.record);
  return undefined;
}

function fail(report: VerifyReport, bad: BadLine): VerifyReport {
  report.ok = false;
  report.firstBad = bad;
  return report;
}

/**
 * `events verify`: walks the hash chain of the live log (and, with `all`,
 * of every archive first) and reports the first bad line with its file,
 * line number and what is wrong: a torn write, invalid JSON, an edited line
 * (hash mismatch), a missing line (seq gap), reordered lines, or a broken
 * link between files.
 * @module
 */

import { basename } from "node:path";
import { listArchives } from "./archive.ts";
import type { EventLogPaths } from "./event_paths.ts";
import { readLineBatches } from "./line_reader.ts";
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
    for await (const batch of readLineBatches(source.path, source.gzip)) {
      const last = batch.lines.length - 1;
      for (let i = 0; i <= last; i++) {
        report.lines++;
        const terminated = i < last || batch.lastTerminated;
        const bad = checkLine(checker, batch.lines[i], terminated);
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

/**
 * Scoring a secret scanner on the corpus of `generate_secret_corpus.ts`,
 * line by line: a planted item is found when a finding names its file and
 * line (and, for our scanner, its rule); a decoy is flagged when any finding
 * names its line, and blocks when that finding is an error. Used by the
 * corpus test and by `scripts/bench/secrets.ts` (for gitleaks and secretlint
 * too, which have rules of their own, so there only file and line count).
 * @module
 */

import { join, relative } from "node:path";
import { secretScan } from "../plugins/local_checks/secret_scan.ts";
import { emptyAllowlist } from "../plugins/local_checks/secret_allowlist.ts";
import type { ChangedFile } from "../plugins/local_checks/types.ts";
import type { GroundTruth, TruthItem } from "./generate_secret_corpus.ts";
import { TRUTH_FILE } from "./generate_secret_corpus.ts";

/** A finding as the scoring sees it. */
export interface ScoredFinding {
  file: string;
  line: number;
  rule?: string;
  severity?: string;
}

/** How a scanner did on the corpus. */
export interface CorpusScore {
  planted: number;
  found: number;
  missed: TruthItem[];
  decoys: number;
  flagged: TruthItem[];
  blocking: TruthItem[];
  /** Findings on lines that are neither planted nor decoys. */
  other: ScoredFinding[];
}

/** Scores `findings` against the ground truth; `matchRule` also requires the planted rule. */
export function scoreCorpus(
  truth: GroundTruth,
  findings: ScoredFinding[],
  matchRule: boolean,
): CorpusScore {
  const at = (item: TruthItem) =>
    findings.filter((f) => f.file === item.file && f.line === item.line);
  const planted = truth.items.filter((item) => item.kind === "planted");
  const decoys = truth.items.filter((item) => item.kind === "decoy");
  const missed = planted.filter((item) =>
    !at(item).some((f) => !matchRule || f.rule === item.rule)
  );
  const flagged = decoys.filter((item) => at(item).length > 0);
  const blocking = decoys.filter((item) => at(item).some((f) => f.severity === "error"));
  const known = new Set(truth.items.map((item) => `${item.file}:${item.line}`));
  return {
    planted: planted.length,
    found: planted.length - missed.length,
    missed,
    decoys: decoys.length,
    flagged,
    blocking,
    other: findings.filter((f) => !known.has(`${f.file}:${f.line}`)),
  };
}

/** Every file under `dir` but the ground truth, with repository-relative paths. */
export async function corpusFilesOf(dir: string): Promise<ChangedFile[]> {
  const files: ChangedFile[] = [];
  const walk = async (at: string) => {
    for await (const entry of Deno.readDir(at)) {
      const path = join(at, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && relative(dir, path) !== TRUTH_FILE) {
        const content = await Deno.readFile(path);
        files.push({
          path: relative(dir, path),
          status: "A",
          mode: "100644",
          size: content.length,
          content,
        });
      }
    }
  };
  await walk(dir);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Our scanner's findings on the corpus in `dir` (default options, no allow-list). */
export async function scanCorpus(dir: string): Promise<ScoredFinding[]> {
  const findings = await secretScan(await corpusFilesOf(dir), {
    maxFileBytes: 1024 * 1024,
    forbiddenPaths: [],
    allowPaths: [],
    allowlist: emptyAllowlist(),
    allowlistPath: ".claude/secrets-allowlist",
    changedPaths: [],
    existingPaths: [],
    entropyThreshold: 3.5,
  });
  return findings.map(({ file, line, rule, severity }) => ({ file, line, rule, severity }));
}

/** Reads the ground truth of the corpus in `dir`. */
export async function readTruth(dir: string): Promise<GroundTruth> {
  return JSON.parse(await Deno.readTextFile(join(dir, TRUTH_FILE)));
}

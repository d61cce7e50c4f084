/**
 * The changed files the checks look at, read from git efficiently: the list
 * from one `git diff --raw -z` (or `git ls-files -s -z` for `--all`), then
 * sizes, existence probes and blob contents through ONE `git cat-file
 * --batch-command` process. Staged mode reads the index (what will be
 * committed), never the working tree. Only changed files are read; previous
 * versions only for the files a check asked for; blobs over the size limit
 * are not read at all. Revisions (from task text, CLI flags, MCP input, a
 * push) are checked and passed after `--end-of-options` before git runs.
 * @module
 */

import { assertRevision, revisionArgs } from "../../core/git_policy.ts";
import { CatFileBatch } from "./cat_file_batch.ts";
import { git } from "./git_command.ts";
import type { ChangedFile, ChangeStatus } from "./types.ts";

/** Which changes to read. */
export type ChangeSource =
  | { kind: "staged" }
  | { kind: "since"; ref: string }
  | { kind: "range"; from: string; to: string }
  | { kind: "all" };

/** Options of {@linkcode readChanges}. */
export interface ReadChangesOptions {
  /** The repository's top-level directory. */
  root: string;
  source: ChangeSource;
  /** Blobs larger than this are listed with their size but not read (see `readOversize`). */
  maxFileBytes: number;
  /**
   * Blobs over `maxFileBytes` but at most this size are read into
   * `oversizeContent` (for the secret scan, which covers big files itself).
   */
  readOversize?: number;
  /** Paths whose previous version must be read too. */
  needsPrevious?: (path: string) => boolean;
  /** Paths (relative to the root) whose existence in the target tree to report. */
  probes?: (files: ChangedFile[]) => string[];
  /** Keeps only some files (a shard); the others are listed in `changedPaths` only. */
  select?: (path: string) => boolean;
}

/** What {@linkcode readChanges} returns. */
export interface ChangeSet {
  files: ChangedFile[];
  /** Every changed path, including those `select` left out. */
  changedPaths: string[];
  /** The probed paths that exist in the target tree. */
  existingPaths: string[];
}

interface RawEntry {
  path: string;
  status: ChangeStatus;
  mode: string;
  previousMode?: string;
  oid?: string;
  previousOid?: string;
}

const ZERO_OID = /^0+$/;

/**
 * Reads the changes named by `options.source`.
 *
 * @example
 * ```ts
 * const { files } = await readChanges({ root, source: { kind: "staged" }, maxFileBytes: 1 << 20 });
 * ```
 */
export async function readChanges(options: ReadChangesOptions): Promise<ChangeSet> {
  const entries = await listEntries(options.root, options.source);
  const changedPaths = entries.map((entry) => entry.path);
  const selected = options.select ? entries.filter((e) => options.select!(e.path)) : entries;
  const files: ChangedFile[] = selected.map((entry) => ({
    path: entry.path,
    status: entry.status,
    mode: entry.mode,
    ...(entry.previousMode ? { previousMode: entry.previousMode } : {}),
    size: 0,
  }));
  const probes = [...new Set(options.probes?.(files) ?? [])].filter((p) => !p.includes("\n"));
  if (files.length === 0 && probes.length === 0) return { files, changedPaths, existingPaths: [] };
  const batch = new CatFileBatch(options.root);
  try {
    const wanted: { file: ChangedFile; oid: string; previous: boolean }[] = [];
    for (const [i, entry] of selected.entries()) {
      const file = files[i];
      if (entry.oid && entry.mode !== "160000") {
        wanted.push({ file, oid: entry.oid, previous: false });
      }
      if (entry.previousOid && options.needsPrevious?.(entry.path)) {
        wanted.push({ file, oid: entry.previousOid, previous: true });
      }
    }
    const prefix = probePrefix(options.source);
    const infos = await batch.info([...wanted.map((w) => w.oid), ...probes.map((p) => prefix + p)]);
    const oversizeLimit = options.readOversize ?? 0;
    const readable = wanted.filter((w, i) => {
      const size = infos[i].size;
      if (!w.previous) w.file.size = size;
      if (infos[i].missing) return false;
      return size <= options.maxFileBytes || (!w.previous && size <= oversizeLimit);
    });
    const contents = await batch.contents(readable.map((w) => w.oid));
    readable.forEach((w, i) => {
      if (w.previous) w.file.previous = contents[i];
      else if (w.file.size > options.maxFileBytes) w.file.oversizeContent = contents[i];
      else w.file.content = contents[i];
    });
    const existingPaths = probes.filter((_, i) => !infos[wanted.length + i].missing);
    return { files, changedPaths, existingPaths };
  } finally {
    await batch.close();
  }
}

/** How to name a path in the tree the changes lead to: the index, or the named commit. */
function probePrefix(source: ChangeSource): string {
  if (source.kind === "since") return "HEAD:";
  if (source.kind === "range") return `${source.to}:`;
  return ":";
}

async function listEntries(root: string, source: ChangeSource): Promise<RawEntry[]> {
  const base = ["-c", "core.quotePath=false"];
  const diff = ["diff", "--raw", "-z", "--no-renames", "--no-abbrev"];
  if (source.kind === "all") {
    return parseLsFiles(await git(root, [...base, "ls-files", "-s", "-z"]));
  }
  if (source.kind === "staged") return parseRaw(await git(root, [...base, ...diff, "--cached"]));
  const revisions = source.kind === "since"
    ? ["--end-of-options", `${assertRevision(source.ref, "since")}...HEAD`]
    : revisionArgs([source.from, source.to], "range");
  return parseRaw(await git(root, [...base, ...diff, ...revisions, "--"]));
}

/** Parses `git diff --raw -z`: `:oldmode newmode oldoid newoid status\0path\0`. */
export function parseRaw(bytes: Uint8Array): RawEntry[] {
  const parts = new TextDecoder().decode(bytes).split("\0");
  const entries: RawEntry[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const [oldMode, newMode, oldOid, newOid, code] = parts[i].slice(1).split(" ");
    const path = parts[i + 1];
    const status: ChangeStatus = code === "A" ? "A" : code === "D" ? "D" : "M";
    entries.push({
      path,
      status,
      mode: newMode,
      ...(status === "A" ? {} : { previousMode: oldMode, previousOid: oldOid }),
      ...(status === "D" || ZERO_OID.test(newOid) ? {} : { oid: newOid }),
    });
  }
  return entries;
}

/** Parses `git ls-files -s -z`: `mode oid stage\tpath\0`; every file counts as added. */
export function parseLsFiles(bytes: Uint8Array): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const record of new TextDecoder().decode(bytes).split("\0")) {
    if (record === "") continue;
    const tab = record.indexOf("\t");
    const [mode, oid, stage] = record.slice(0, tab).split(" ");
    if (stage !== "0" && stage !== "2") continue; // unmerged: keep "ours" only
    entries.push({ path: record.slice(tab + 1), status: "A", mode, oid });
  }
  return entries;
}

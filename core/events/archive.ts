/**
 * Archives of rotated logs: `.claude/events/archive/<iso-time>.ndjson.gz`.
 * Names sort chronologically. A rotation first renames the live log to
 * `<time>.ndjson` and then compresses it; a crash in between leaves the
 * plain file, which readers accept and the next rotation compresses.
 * Archives are private like the live log (0600, in a 0700 directory).
 * @module
 */

import { join } from "node:path";
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from "../secrets/private_files.ts";
import { lastLineOf } from "./line_reader.ts";
import { syncDirectorySync } from "./quarantine.ts";

/** One archive file. */
export interface ArchiveFile {
  /** File name, e.g. `2025-06-01T12-00-00.123Z.ndjson.gz`. */
  name: string;
  path: string;
  gzip: boolean;
  /** Rotation time parsed from the name (an upper bound of its events' ts). */
  rotatedAt: number;
}

const NAME = /^(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z)\.ndjson(\.gz)?$/;

/** The archive file name (without `.gz`) for a rotation at `now`. */
export function archiveStem(now: number): string {
  return new Date(now).toISOString().replace(/:/g, "-");
}

/** Archives in chronological order; a `.gz` wins over a plain file of the same stem. */
export function listArchives(dir: string): ArchiveFile[] {
  const byStem = new Map<string, ArchiveFile>();
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  for (const entry of entries) {
    const match = entry.isFile ? NAME.exec(entry.name) : null;
    if (!match) continue;
    const stem = entry.name.replace(/\.gz$/, "");
    const file: ArchiveFile = {
      name: entry.name,
      path: join(dir, entry.name),
      gzip: match[2] !== undefined,
      rotatedAt: Date.parse(match[1].replace(/T(\d\d)-(\d\d)-(\d\d)/, "T$1:$2:$3")),
    };
    const existing = byStem.get(stem);
    if (!existing || file.gzip) byStem.set(stem, file);
  }
  return [...byStem.values()].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * The `<stem>.ndjson` path for a rotation at `now`. Stems strictly increase
 * (a rotation in the same millisecond, or after the clock went back, takes
 * the newest archive's time plus one), so names always sort in chain order.
 */
export function newArchivePath(dir: string, now: number): string {
  const newest = listArchives(dir).at(-1);
  const time = newest && newest.rotatedAt >= now ? newest.rotatedAt + 1 : now;
  return join(dir, `${archiveStem(time)}.ndjson`);
}

/**
 * Compresses a plain archive to `.gz` (temp file, fsync, rename, directory
 * fsync) and removes the plain file. Returns the `.gz` path.
 */
export async function compressArchive(plainPath: string): Promise<string> {
  const target = plainPath + ".gz";
  const temp = target + ".tmp";
  // Imported here, not at the top: every process that emits an event loads this module,
  // and node:zlib + node:fs + node:stream cost ~15 ms of start-up for a rare rotation.
  const [{ createGzip }, { createReadStream, createWriteStream }, { pipeline }] = await Promise.all(
    [
      import("node:zlib"),
      import("node:fs"),
      import("node:stream/promises"),
    ],
  );
  await pipeline(
    createReadStream(plainPath),
    createGzip({ level: 6 }),
    createWriteStream(temp, { mode: PRIVATE_FILE_MODE }),
  );
  const handle = Deno.openSync(temp, { read: true, write: true });
  try {
    handle.syncSync();
  } finally {
    handle.close();
  }
  Deno.renameSync(temp, target);
  syncDirectorySync(join(plainPath, ".."));
  Deno.removeSync(plainPath);
  return target;
}

/** Compresses plain archives left by an interrupted rotation. */
export async function compressPendingArchives(dir: string): Promise<void> {
  for (const archive of listArchives(dir)) {
    if (!archive.gzip) await compressArchive(archive.path);
  }
}

/** Deletes the oldest archives beyond `keep` (0 keeps all). Returns the deleted names. */
export function applyRetention(dir: string, keep: number): string[] {
  if (keep <= 0) return [];
  const archives = listArchives(dir);
  const excess = archives.slice(0, Math.max(0, archives.length - keep));
  for (const archive of excess) Deno.removeSync(archive.path);
  return excess.map((archive) => archive.name);
}

/** The newest archive's name and its last event's seq and hash, if there is one. */
export async function newestArchiveTail(
  dir: string,
): Promise<{ archive: string; seq: number; hash: string } | undefined> {
  const newest = listArchives(dir).at(-1);
  const line = newest ? await lastLineOf(newest.path, newest.gzip) : undefined;
  if (!newest || line === undefined) return undefined;
  const last = JSON.parse(line) as { seq: number; hash: string };
  return { archive: newest.name, seq: last.seq, hash: last.hash };
}

/**
 * Renames the live log into the archive directory (both directories
 * fsynced); returns the plain archive path, to be compressed afterwards.
 */
export function moveLogToArchive(log: string, archiveDir: string, now: number): string {
  ensurePrivateDirSync(archiveDir);
  const plain = newArchivePath(archiveDir, now);
  Deno.renameSync(log, plain);
  syncDirectorySync(archiveDir);
  syncDirectorySync(join(log, ".."));
  return plain;
}

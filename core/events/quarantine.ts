/**
 * The quarantine file: bytes removed from the log by repair are appended
 * here (one JSON line each, with where they came from and why), fsynced
 * before the log itself is changed, so a repair never loses data. The file
 * is private (0600): it holds whatever the log held.
 * @module
 */

import { dirname } from "node:path";
import {
  ensurePrivateDirSync,
  makeFilePrivateSync,
  PRIVATE_FILE_MODE,
} from "../secrets/private_files.ts";

/** One quarantined piece of the log. */
export interface QuarantineEntry {
  /** When it was quarantined (epoch ms). */
  ts: number;
  /** File it was removed from. */
  source: string;
  /** 1-based line number in that file (as it was), when known. */
  line?: number;
  /** Byte offset in that file (as it was), when known. */
  offset?: number;
  /** Why it was removed. */
  reason: string;
  /** The removed text (decoded as UTF-8, invalid bytes replaced). */
  raw: string;
  /** Byte length of the removed text. */
  bytes: number;
}

/** Appends `entries` to the quarantine file and fsyncs it. */
export function appendQuarantine(path: string, entries: QuarantineEntry[]): void {
  if (entries.length === 0) return;
  ensurePrivateDirSync(dirname(path));
  const text = entries.map((entry) => JSON.stringify(entry)).join("\n") + "\n";
  const file = Deno.openSync(path, { append: true, create: true, mode: PRIVATE_FILE_MODE });
  try {
    makeFilePrivateSync(path, file.statSync());
    writeAllSync(file, new TextEncoder().encode(text));
    file.syncSync();
  } finally {
    file.close();
  }
}

/** Writes every byte of `data` (a single write call unless the kernel writes less). */
export function writeAllSync(file: Deno.FsFile, data: Uint8Array): void {
  let written = 0;
  while (written < data.length) written += file.writeSync(data.subarray(written));
}

/** Fsyncs a directory so creations and renames in it are durable. */
export function syncDirectorySync(dir: string): void {
  if (Deno.build.os === "windows") return; // directories cannot be opened for sync there
  const handle = Deno.openSync(dir, { read: true });
  try {
    handle.syncSync();
  } finally {
    handle.close();
  }
}

/**
 * Reading the end of the live log under the lock: the last complete event
 * gives the previous hash and sequence number for the next append. A torn
 * last line (a crash mid-write leaves no trailing newline) or an unparsable
 * last line is moved to the quarantine file and cut off, so the log always
 * ends with a whole event.
 * @module
 */

import { splitLine } from "./chain.ts";
import { parseEventLine } from "./parse_line.ts";
import { appendQuarantine, type QuarantineEntry } from "./quarantine.ts";
import { GENESIS_HASH } from "./schema.ts";

const NEWLINE = 0x0a;

/** Where the chain stands at the end of the file. */
export interface TailState {
  prevHash: string;
  seq: number;
  /** File size after any repair. */
  size: number;
}

/** Something cut off the end of the log. */
export interface TailRepair {
  reason: string;
  bytes: number;
  offset: number;
}

/** The last line of `[0, end)`: its byte range and whether a newline ends it. */
interface LastLine {
  start: number;
  end: number;
  terminated: boolean;
  bytes: Uint8Array;
}

/**
 * Inspects (and if needed repairs) the end of `file`, whose size is `size`.
 * Must run under the log's exclusive lock.
 */
export function inspectTail(
  file: Deno.FsFile,
  size: number,
  source: string,
  quarantinePath: string,
  now: number,
): { state: TailState; repairs: TailRepair[] } {
  const repairs: TailRepair[] = [];
  const quarantined: QuarantineEntry[] = [];
  let end = size;
  let state: TailState = { prevHash: GENESIS_HASH, seq: 0, size: 0 };
  while (end > 0) {
    const last = readLastLine(file, end);
    const reason = last.terminated ? invalidReason(last.bytes) : "torn write: no trailing newline";
    if (reason === undefined) {
      const event = JSON.parse(new TextDecoder().decode(last.bytes));
      state = { prevHash: event.hash, seq: event.seq, size: end };
      break;
    }
    const raw = new TextDecoder().decode(last.bytes);
    const bytes = end - last.start;
    repairs.push({ reason, bytes, offset: last.start });
    quarantined.push({ ts: now, source, offset: last.start, reason, raw, bytes });
    end = last.start;
  }
  if (end < size) {
    appendQuarantine(quarantinePath, quarantined); // durable before the log loses the bytes
    file.truncateSync(end);
    file.syncSync();
  }
  return { state, repairs };
}

/** Why a complete last line cannot continue the chain, or `undefined` when it can. */
function invalidReason(bytes: Uint8Array): string | undefined {
  // Shape only: a whole line whose hash does not match is `events verify`'s business, not a torn write.
  const text = new TextDecoder().decode(bytes);
  const parsed = parseEventLine(text, false);
  if (!parsed.ok) return `invalid last line: ${parsed.reason}`;
  return splitLine(text) ? undefined : "invalid last line: the hash member is not last";
}

function readLastLine(file: Deno.FsFile, end: number): LastLine {
  let window = 4096;
  while (true) {
    const start = Math.max(0, end - window);
    const chunk = readAt(file, start, end - start);
    const terminated = chunk[chunk.length - 1] === NEWLINE;
    const searchFrom = terminated ? chunk.length - 2 : chunk.length - 1;
    const newline = searchFrom >= 0 ? chunk.lastIndexOf(NEWLINE, searchFrom) : -1;
    if (newline >= 0 || start === 0) {
      const lineStart = newline + 1;
      const lineEnd = terminated ? chunk.length - 1 : chunk.length;
      return {
        start: start + lineStart,
        end,
        terminated,
        bytes: chunk.subarray(lineStart, lineEnd),
      };
    }
    window *= 4;
  }
}

/** Reads `length` bytes at `offset`. */
export function readAt(file: Deno.FsFile, offset: number, length: number): Uint8Array {
  const buffer = new Uint8Array(length);
  file.seekSync(offset, Deno.SeekMode.Start);
  let read = 0;
  while (read < length) {
    const n = file.readSync(buffer.subarray(read));
    if (n === null) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

/** The `ts` of the first event in the file, if its first line is readable. */
export function firstEventTime(file: Deno.FsFile, size: number): number | undefined {
  const chunk = readAt(file, 0, Math.min(size, 65536));
  const newline = chunk.indexOf(NEWLINE);
  if (newline < 0) return undefined;
  try {
    const ts = JSON.parse(new TextDecoder().decode(chunk.subarray(0, newline))).ts;
    return typeof ts === "number" ? ts : undefined;
  } catch {
    return undefined; // an unreadable first line only disables age-based rotation until repair
  }
}

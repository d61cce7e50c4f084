/**
 * `events repair`: under the log's lock, keeps every line before the first
 * bad one byte for byte, moves unusable lines (torn, invalid JSON, edited,
 * duplicated) to the quarantine file, puts the remaining good events back in
 * seq order and re-chains them from the last good line, then appends an
 * `events.repaired` event saying what moved. The new log replaces the old one
 * atomically (temp file, fsync, rename). The live log is read whole, which
 * rotation keeps bounded (`events.rotateBytes`).
 * @module
 */

import { basename, join } from "node:path";
import type { EventAppender } from "./appender.ts";
import { newestArchiveTail } from "./archive.ts";
import { serializeEvent } from "./chain.ts";
import { parseEventLine } from "./parse_line.ts";
import {
  appendQuarantine,
  type QuarantineEntry,
  syncDirectorySync,
  writeAllSync,
} from "./quarantine.ts";
import { type EventRecord, GENESIS_HASH } from "./schema.ts";
import { newUlid } from "./ulid.ts";
import { type BadLine, verifyLog } from "./verify.ts";
import { PRIVATE_FILE_MODE } from "../secrets/private_files.ts";

/** What a repair did. */
export interface RepairReport {
  /** False when the log already verified. */
  repaired: boolean;
  firstBad?: BadLine;
  quarantined: number;
  rechained: number;
  kept: number;
  /** The `events.repaired` event appended. */
  event?: EventRecord;
}

interface Link {
  seq: number;
  hash: string;
  /** A fresh link event to write first (the log's head was lost but archives exist). */
  rotated?: { archive: string };
}

/**
 * Repairs the live log of `appender` if it does not verify.
 *
 * @example
 * ```ts
 * const report = await repairLog(await eventLogFor(paths));
 * console.log(report.quarantined, "line(s) quarantined");
 * ```
 */
export function repairLog(
  appender: EventAppender,
  now: () => number = Date.now,
): Promise<RepairReport> {
  const files = appender.files;
  return appender.withLock(async () => {
    const check = await verifyLog(files);
    if (check.ok || !check.firstBad) {
      return { repaired: false, quarantined: 0, rechained: 0, kept: 0 };
    }
    const firstBad = check.firstBad;
    const text = new TextDecoder().decode(Deno.readFileSync(files.log));
    const lines = text.split("\n");
    const torn = lines.pop(); // "" when the file ends with a newline
    const prefix = lines.slice(0, firstBad.line - 1);
    const ids = new Set(prefix.map((line) => JSON.parse(line).id as string));
    const at = now();
    const source = basename(files.log);
    const quarantine: QuarantineEntry[] = [];
    const good: EventRecord[] = [];
    lines.slice(prefix.length).forEach((line, index) => {
      const number = prefix.length + index + 1;
      const parsed = parseEventLine(line);
      const reason = !parsed.ok
        ? parsed.reason
        : ids.has(parsed.record.id)
        ? "duplicate event id"
        : undefined;
      if (parsed.ok && reason === undefined) {
        ids.add(parsed.record.id);
        good.push(parsed.record);
      } else {quarantine.push({
          ts: at,
          source,
          line: number,
          reason: reason!,
          raw: line,
          bytes: byteLength(line) + 1,
        });}
    });
    if (torn) {
      quarantine.push({
        ts: at,
        source,
        line: lines.length + 1,
        reason: "torn write: no trailing newline",
        raw: torn,
        bytes: byteLength(torn),
      });
    }
    good.sort((a, b) => a.seq - b.seq); // stable: restores swapped lines, keeps file order otherwise
    const link = prefix.length > 0
      ? linkOf(prefix[prefix.length - 1])
      : await headLink(files.archive);
    let { seq, hash } = link;
    const out: string[] = [];
    const chain = (record: Omit<EventRecord, "seq" | "prev_hash" | "hash">) => {
      const next = serializeEvent({ ...record, seq: ++seq, prev_hash: hash });
      hash = next.hash;
      out.push(next.line);
    };
    if (link.rotated) {
      chain({
        id: newUlid(at),
        ts: at,
        type: "events.rotated",
        payload: {
          archive: link.rotated.archive,
          lastSeq: link.seq,
          lastHash: link.hash,
          reason: "recovered",
        },
      });
    }
    let rechained = 0;
    for (const record of good) {
      const { seq: oldSeq, prev_hash: oldPrev, hash: _old, ...rest } = record;
      if (oldSeq !== seq + 1 || oldPrev !== hash) rechained++;
      chain(rest);
    }
    const payload = {
      firstBadLine: firstBad.line,
      reason: `${firstBad.kind}: ${firstBad.reason}`,
      quarantined: quarantine.length,
      rechained,
      kept: prefix.length + good.length,
      quarantine: basename(files.quarantine),
    };
    const eventId = newUlid(at);
    chain({ id: eventId, ts: at, type: "events.repaired", payload });
    appendQuarantine(files.quarantine, quarantine); // durable before the log changes
    replaceFile(files.log, [...prefix, ...out].join("\n") + "\n");
    const event = parseEventLine(out[out.length - 1]);
    return { repaired: true, firstBad, ...payload, event: event.ok ? event.record : undefined };
  });
}

function linkOf(line: string): Link {
  const record = JSON.parse(line) as EventRecord;
  return { seq: record.seq, hash: record.hash };
}

/** Where a log whose first line is bad starts: the newest archive, or genesis. */
async function headLink(archiveDir: string): Promise<Link> {
  const tail = await newestArchiveTail(archiveDir);
  if (!tail) return { seq: 0, hash: GENESIS_HASH };
  return { seq: tail.seq, hash: tail.hash, rotated: { archive: tail.archive } };
}

function replaceFile(path: string, text: string): void {
  const dir = join(path, "..");
  const temp = join(dir, `.${basename(path)}.repair-${crypto.randomUUID().slice(0, 8)}.tmp`);
  const file = Deno.openSync(temp, { write: true, createNew: true, mode: PRIVATE_FILE_MODE });
  try {
    writeAllSync(file, new TextEncoder().encode(text));
    file.syncSync();
  } finally {
    file.close();
  }
  Deno.renameSync(temp, path);
  syncDirectorySync(dir);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

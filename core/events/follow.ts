/**
 * Following the live log (`events tail -f`): polls the file for growth and
 * yields each new complete event; when the log is rotated or replaced (its
 * inode changes) it finishes the old file and continues with the new one
 * from its start.
 * @module
 */

import type { EventLogPaths } from "./event_paths.ts";
import { parseEventLine } from "./parse_line.ts";
import { type EventFilter, eventMatcher } from "./reader.ts";
import type { EventRecord } from "./schema.ts";

/**
 * The last `count` matching events of the live log and the byte offset just
 * after the last complete line, so a follower can continue exactly there.
 */
export async function readLiveTail(
  files: EventLogPaths,
  filter: EventFilter,
  count: number,
): Promise<{ events: EventRecord[]; offset: number }> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(files.log);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { events: [], offset: 0 };
    throw error;
  }
  const offset = bytes.lastIndexOf(0x0a) + 1;
  const match = eventMatcher(filter);
  const events: EventRecord[] = [];
  const lines = new TextDecoder().decode(bytes.subarray(0, offset)).split("\n");
  for (let i = lines.length - 1; i >= 0 && events.length < count; i--) {
    const parsed = parseEventLine(lines[i], false);
    if (parsed.ok && match(parsed.record)) events.unshift(parsed.record);
  }
  return { events, offset };
}

/** Options of {@linkcode followEvents}. */
export interface FollowOptions {
  /** Start at this byte offset of the current log (default: its end). */
  fromOffset?: number;
  /** Poll interval (default 200 ms). */
  intervalMs?: number;
  /** Stops following. */
  signal?: AbortSignal;
}

/**
 * New events as they are appended, until `signal` aborts.
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * for await (const event of followEvents(eventLogPaths(paths), { signal: stop.signal })) {
 *   console.log(event.type);
 * }
 * ```
 */
export async function* followEvents(
  files: EventLogPaths,
  options: FollowOptions = {},
): AsyncGenerator<EventRecord> {
  const interval = options.intervalMs ?? 200;
  let file: Deno.FsFile | undefined;
  let ino: number | null = null;
  let offset = options.fromOffset;
  let carry = "";
  const decoder = new TextDecoder();
  try {
    while (!options.signal?.aborted) {
      if (!file) {
        try {
          file = await Deno.open(files.log, { read: true });
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
          offset = 0; // whatever appears is new
          await sleep(interval, options.signal); // not created yet, or mid-rotation
          continue;
        }
        const info = await file.stat();
        ino = info.ino;
        offset ??= info.size;
        carry = "";
      }
      const chunk = await readFrom(file, offset!);
      offset! += chunk.length;
      if (chunk.length > 0) {
        const text = carry + decoder.decode(chunk);
        const lines = text.split("\n");
        carry = lines.pop()!;
        for (const line of lines) {
          const parsed = parseEventLine(line, false);
          if (parsed.ok) yield parsed.record;
        }
        continue;
      }
      if (await replaced(files.log, ino)) {
        file.close();
        file = undefined;
        offset = 0;
        continue;
      }
      await sleep(interval, options.signal);
    }
  } finally {
    file?.close();
  }
}

async function readFrom(file: Deno.FsFile, offset: number): Promise<Uint8Array> {
  await file.seek(offset, Deno.SeekMode.Start);
  const buffer = new Uint8Array(65536);
  const n = await file.read(buffer);
  return n === null ? new Uint8Array(0) : buffer.subarray(0, n);
}

async function replaced(path: string, ino: number | null): Promise<boolean> {
  try {
    return (await Deno.stat(path)).ino !== ino;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false; // mid-rotation: wait for the new file
    throw error;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

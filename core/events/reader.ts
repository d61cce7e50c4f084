/**
 * Reading events: archives (oldest first, decompressed as a stream) then the
 * live log, one line at a time, so replay and queries never load the whole
 * history. Archives that cannot hold events in the asked time range are
 * skipped by their rotation time. Unreadable lines are counted, not fatal
 * (`events verify` is the tool that judges them).
 * @module
 */

import { listArchives } from "./archive.ts";
import type { EventLogPaths } from "./event_paths.ts";
import { readLines } from "./line_reader.ts";
import { parseEventLine } from "./parse_line.ts";
import type { EventRecord } from "./schema.ts";

/** Which events to yield. */
export interface EventFilter {
  /** Exact types, or prefixes ending in `*` (`task.*`). Any of them matches. */
  types?: string[];
  agent?: string;
  task?: string;
  correlationId?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
}

/** Counters filled while reading. */
export interface ReadStats {
  files: number;
  lines: number;
  skippedLines: number;
}

/** Options of {@linkcode readEvents}. */
export interface ReadOptions extends EventFilter {
  /** Read archives too (default true). */
  archives?: boolean;
  stats?: ReadStats;
}

/**
 * Every stored event matching the filter, oldest first.
 *
 * @example
 * ```ts
 * for await (const event of readEvents(eventLogPaths(paths), { types: ["task.*"] })) {
 *   console.log(event.seq, event.type);
 * }
 * ```
 */
export async function* readEvents(
  files: EventLogPaths,
  options: ReadOptions = {},
): AsyncGenerator<EventRecord> {
  const stats = options.stats ?? { files: 0, lines: 0, skippedLines: 0 };
  const match = eventMatcher(options);
  const sources: { path: string; gzip: boolean }[] = [];
  let previousRotation = -Infinity;
  if (options.archives ?? true) {
    for (const archive of listArchives(files.archive)) {
      // Events of an archive were written after the previous rotation and before its own.
      const tooOld = options.since !== undefined && archive.rotatedAt < options.since;
      const tooNew = options.until !== undefined && previousRotation > options.until;
      if (!tooOld && !tooNew) sources.push({ path: archive.path, gzip: archive.gzip });
      previousRotation = archive.rotatedAt;
    }
  }
  if (!(options.until !== undefined && previousRotation > options.until)) {
    sources.push({ path: files.log, gzip: false });
  }
  for (const source of sources) {
    let lines: AsyncGenerator<{ text: string; terminated: boolean }>;
    try {
      await Deno.stat(source.path);
      lines = readLines(source.path, source.gzip);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // rotated or never written
      throw error;
    }
    stats.files++;
    for await (const line of lines) {
      stats.lines++;
      const parsed = line.terminated ? parseEventLine(line.text, false) : undefined;
      if (!parsed?.ok) {
        stats.skippedLines++;
        continue;
      }
      if (match(parsed.record)) yield parsed.record;
    }
  }
}

/** A predicate for the filter. */
export function eventMatcher(filter: EventFilter): (event: EventRecord) => boolean {
  const exact = new Set(filter.types?.filter((type) => !type.endsWith("*")));
  const prefixes =
    filter.types?.filter((type) => type.endsWith("*")).map((type) => type.slice(0, -1)) ?? [];
  const anyType = !filter.types || filter.types.length === 0;
  return (event) =>
    (anyType || exact.has(event.type) ||
      prefixes.some((prefix) => event.type.startsWith(prefix))) &&
    (filter.agent === undefined || event.agent === filter.agent) &&
    (filter.task === undefined || event.task === filter.task) &&
    (filter.correlationId === undefined || event.correlation_id === filter.correlationId) &&
    (filter.since === undefined || event.ts >= filter.since) &&
    (filter.until === undefined || event.ts <= filter.until);
}

/** The last `limit` matching events (oldest first), or all when `limit` is undefined. */
export async function queryEvents(
  files: EventLogPaths,
  options: ReadOptions & { limit?: number } = {},
): Promise<EventRecord[]> {
  const limit = options.limit;
  const out: EventRecord[] = [];
  for await (const event of readEvents(files, options)) {
    out.push(event);
    if (limit !== undefined && out.length > limit * 2) out.splice(0, out.length - limit);
  }
  return limit === undefined ? out : out.slice(Math.max(0, out.length - limit));
}

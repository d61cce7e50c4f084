/**
 * Sizes of a project's event log for `/metrics` and the dashboard: bytes of
 * the live `log.ndjson`, and the number and bytes of rotated archives.
 * @module
 */

import { listArchives } from "../../core/events/archive.ts";
import { eventLogPaths } from "../../core/events/event_paths.ts";
import type { ProjectPaths } from "../../core/paths.ts";

/** Event log sizes. */
export interface EventLogStats {
  logBytes: number;
  archives: number;
  archiveBytes: number;
}

/**
 * Stats the live log and lists the archives.
 *
 * @example
 * ```ts
 * const { logBytes, archives } = eventLogStats(paths);
 * ```
 */
export function eventLogStats(paths: Pick<ProjectPaths, "events">): EventLogStats {
  const files = eventLogPaths(paths);
  const archives = listArchives(files.archive);
  let archiveBytes = 0;
  for (const archive of archives) archiveBytes += sizeOf(archive.path);
  return { logBytes: sizeOf(files.log), archives: archives.length, archiveBytes };
}

function sizeOf(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0; // not written yet, or mid-rotation
    throw error;
  }
}

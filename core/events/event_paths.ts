/**
 * File locations of one project's event log.
 * @module
 */

import { join } from "node:path";
import type { ProjectPaths } from "../paths.ts";

/** The files of an event log. */
export interface EventLogPaths {
  /** Directory holding everything below. */
  dir: string;
  /** The live log, `.claude/events/log.ndjson`. */
  log: string;
  /** Sidecar lock file every appender flocks. */
  lock: string;
  /** Lines removed by repair, `.claude/events/quarantine.ndjson`. */
  quarantine: string;
  /** Rotated, gzipped logs, `.claude/events/archive/<time>.ndjson.gz`. */
  archive: string;
}

/** Event log paths of a project. */
export function eventLogPaths(paths: Pick<ProjectPaths, "events">): EventLogPaths {
  return {
    dir: paths.events,
    log: join(paths.events, "log.ndjson"),
    lock: join(paths.events, "log.lock"),
    quarantine: join(paths.events, "quarantine.ndjson"),
    archive: join(paths.events, "archive"),
  };
}

/**
 * Test fixtures for event log tests: a temp project with a log of `n`
 * events written through the real appender.
 * @module
 */

import { join } from "node:path";
import { type ProjectPaths, projectPaths } from "../../../core/paths.ts";
import { EventAppender } from "../../../core/events/appender.ts";
import { type EventLogPaths, eventLogPaths } from "../../../core/events/event_paths.ts";
import type { AppenderSettings } from "../../../core/events/appender.ts";

/** Settings for tests: no fsync, big rotation limits. */
export const testSettings: AppenderSettings = {
  fsync: "never",
  groupCommitMs: 5,
  rotateBytes: 64 * 1024 * 1024,
  rotateAgeHours: 24,
  retainArchives: 0,
};

/** A temp project. */
export interface LogFixture {
  root: string;
  paths: ProjectPaths;
  files: EventLogPaths;
  cleanup(): Promise<void>;
}

/** Creates a temp project; with `events > 0`, a log of `test.n` events with payload `{ i }`. */
export async function logFixture(
  events = 0,
  settings: Partial<AppenderSettings> = {},
): Promise<LogFixture> {
  const root = await Deno.makeTempDir({ prefix: "events-test-" });
  await Deno.mkdir(join(root, ".claude", "events"), { recursive: true });
  const paths = projectPaths(root);
  const files = eventLogPaths(paths);
  if (events > 0) {
    const appender = new EventAppender(files, { ...testSettings, ...settings });
    for (let i = 0; i < events; i++) await appender.append({ type: "test.n", payload: { i } });
    await appender.close();
  }
  return { root, paths, files, cleanup: () => Deno.remove(root, { recursive: true }) };
}

/** The log's lines (without the final empty string). */
export async function logLines(files: EventLogPaths): Promise<string[]> {
  const text = await Deno.readTextFile(files.log);
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Rewrites the log from lines (each gets a newline). */
export async function writeLines(files: EventLogPaths, lines: string[]): Promise<void> {
  await Deno.writeTextFile(files.log, lines.map((line) => line + "\n").join(""));
}

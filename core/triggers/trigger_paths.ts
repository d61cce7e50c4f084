/**
 * The directories of the trigger lifecycle: pending files in
 * `.claude/triggers/`, claimed ones in `processing/`, then `processed/` or
 * `failed/` (with a `<name>.error.json` beside each failed file).
 * @module
 */

import { join } from "node:path";
import type { ProjectPaths } from "../paths.ts";

/** Trigger directories of a project. */
export interface TriggerDirs {
  pending: string;
  processing: string;
  processed: string;
  failed: string;
}

/** Trigger directories under `paths.triggers`. */
export function triggerDirs(paths: Pick<ProjectPaths, "triggers">): TriggerDirs {
  return {
    pending: paths.triggers,
    processing: join(paths.triggers, "processing"),
    processed: join(paths.triggers, "processed"),
    failed: join(paths.triggers, "failed"),
  };
}

const NAME = /^(?<stem>[^.][^/]*?)(?:\.retry-(?<attempts>\d+))?\.json$/;

/** Stem and attempts made so far, encoded in a trigger file name; undefined for non-triggers. */
export function parseTriggerName(name: string): { stem: string; attempts: number } | undefined {
  if (name.endsWith(".error.json")) return undefined;
  const match = NAME.exec(name);
  if (!match?.groups) return undefined;
  return { stem: match.groups.stem, attempts: Number(match.groups.attempts ?? 0) };
}

/** File name of a trigger after `attempts` failed attempts. */
export function triggerName(stem: string, attempts: number): string {
  return attempts === 0 ? `${stem}.json` : `${stem}.retry-${attempts}.json`;
}

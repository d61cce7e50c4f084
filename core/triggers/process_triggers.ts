/**
 * Consuming trigger files. Each pending file is claimed by an atomic rename
 * into `processing/` (so two processors never take the same file), parsed
 * and validated, and handed to the handler. Success moves it to
 * `processed/` (keeping the newest N); a handler error sends it back to the
 * pending directory with its attempt count in the name, and after the last
 * attempt to `failed/` with an `.error.json` beside it. Invalid files go to
 * `failed/` at once. Files left in `processing/` by a processor that died
 * are reclaimed after `staleMs`. Nothing piles up.
 * @module
 */

import { basename, join } from "node:path";
import { writeJsonAtomic } from "../atomic_file.ts";
import { errorMessage } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { emitEvent } from "../events/emit.ts";
import { type Trigger, TriggerSchema } from "./schema.ts";
import { parseTriggerName, type TriggerDirs, triggerDirs, triggerName } from "./trigger_paths.ts";

/** What the handler learns about the file besides its content. */
export interface TriggerContext {
  /** File name as claimed. */
  file: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Handles one trigger; throwing means "try again later". */
export type TriggerHandler = (trigger: Trigger, context: TriggerContext) => Promise<void> | void;

/** Options of {@linkcode processTriggers}. */
export interface ProcessOptions {
  /** Attempts before a trigger fails for good (default 3). */
  maxAttempts?: number;
  /** Processed files kept (default 200). */
  retainProcessed?: number;
  /** A claimed file older than this is taken back from a dead processor (default 10 min). */
  staleMs?: number;
  /** Record `trigger.processed` / `trigger.failed` events (default true). */
  events?: boolean;
  now?: () => number;
}

/** Outcome counts of one run. */
export interface ProcessSummary {
  processed: number;
  retried: number;
  failed: number;
  /** Claimed by another processor first. */
  skipped: number;
  reclaimed: number;
}

/**
 * Processes every pending trigger once.
 *
 * @example
 * ```ts
 * const summary = await processTriggers(paths, async (trigger) => {
 *   await queue.enqueue({ type: trigger.type, payload: trigger.payload });
 * });
 * ```
 */
export async function processTriggers(
  paths: Pick<ProjectPaths, "triggers" | "events" | "config" | "root">,
  handler: TriggerHandler,
  options: ProcessOptions = {},
): Promise<ProcessSummary> {
  const dirs = triggerDirs(paths);
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 3;
  const summary: ProcessSummary = { processed: 0, retried: 0, failed: 0, skipped: 0, reclaimed: 0 };
  for (const dir of [dirs.processing, dirs.processed, dirs.failed]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  const record = async (type: "trigger.processed" | "trigger.failed", payload: object) => {
    if (options.events ?? true) await emitEvent(paths, { type, agent: "triggers", payload });
  };
  summary.reclaimed = await reclaimStale(dirs, options.staleMs ?? 600_000, now());
  for (const name of await pendingNames(dirs.pending)) {
    const parsedName = parseTriggerName(name)!;
    const claimed = join(dirs.processing, name);
    try {
      await Deno.rename(join(dirs.pending, name), claimed);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        summary.skipped++; // another processor claimed it first
        continue;
      }
      throw error;
    }
    await Deno.utime(claimed, now() / 1000, now() / 1000); // claim time, for stale detection
    const attempt = parsedName.attempts + 1;
    if (attempt > maxAttempts) {
      // Only reachable through reclaimed files: the processors holding it kept dying.
      const reason =
        `gave up after ${parsedName.attempts} attempts (processors died while handling it)`;
      await moveToFailed(dirs, claimed, reason, parsedName.attempts, now());
      await record("trigger.failed", { file: name, attempts: parsedName.attempts, error: reason });
      summary.failed++;
      continue;
    }
    const loaded = await loadTrigger(claimed);
    if (!loaded.ok) {
      await moveToFailed(dirs, claimed, loaded.reason, attempt, now());
      await record("trigger.failed", { file: name, attempts: attempt, error: loaded.reason });
      summary.failed++;
      continue;
    }
    try {
      await handler(loaded.trigger, { file: name, attempt });
    } catch (error) {
      const reason = errorMessage(error);
      if (attempt >= maxAttempts) {
        await moveToFailed(dirs, claimed, reason, attempt, now());
        await record("trigger.failed", {
          file: name,
          triggerType: loaded.trigger.type,
          attempts: attempt,
          error: reason,
        });
        summary.failed++;
      } else {
        await Deno.rename(claimed, join(dirs.pending, triggerName(parsedName.stem, attempt)));
        summary.retried++;
      }
      continue;
    }
    await Deno.rename(claimed, join(dirs.processed, name));
    await record("trigger.processed", {
      file: name,
      triggerType: loaded.trigger.type,
      attempts: attempt,
    });
    summary.processed++;
  }
  await applyRetention(dirs.processed, options.retainProcessed ?? 200);
  return summary;
}

async function pendingNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && parseTriggerName(entry.name)) names.push(entry.name);
  }
  return names.sort();
}

async function loadTrigger(
  path: string,
): Promise<{ ok: true; trigger: Trigger } | { ok: false; reason: string }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, reason: `invalid JSON: ${error.message}` };
  }
  const result = TriggerSchema.safeParse(raw);
  if (result.success) return { ok: true, trigger: result.data };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: `invalid trigger: ${issue.path.join(".") || "file"}: ${issue.message}`,
  };
}

async function moveToFailed(
  dirs: TriggerDirs,
  claimed: string,
  reason: string,
  attempts: number,
  now: number,
): Promise<void> {
  const name = basename(claimed);
  await writeJsonAtomic(join(dirs.failed, `${name}.error.json`), {
    file: name,
    reason,
    attempts,
    failedAt: new Date(now).toISOString(),
  });
  await Deno.rename(claimed, join(dirs.failed, name));
}

/** Returns files a dead processor left in `processing/` to the pending directory. */
async function reclaimStale(dirs: TriggerDirs, staleMs: number, now: number): Promise<number> {
  let count = 0;
  for await (const entry of Deno.readDir(dirs.processing)) {
    const parsed = entry.isFile ? parseTriggerName(entry.name) : undefined;
    if (!parsed) continue;
    const path = join(dirs.processing, entry.name);
    let mtime: number;
    try {
      mtime = (await Deno.stat(path)).mtime?.getTime() ?? now;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue; // finished meanwhile
      throw error;
    }
    if (now - mtime < staleMs) continue;
    try {
      // Counts as a failed attempt: the processor holding it died mid-way.
      await Deno.rename(path, join(dirs.pending, triggerName(parsed.stem, parsed.attempts + 1)));
      count++;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // another processor reclaimed it
    }
  }
  return count;
}

/** Keeps the `keep` most recently processed files. */
async function applyRetention(dir: string, keep: number): Promise<void> {
  const files: { path: string; mtime: number }[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile) continue;
    const path = join(dir, entry.name);
    files.push({ path, mtime: (await Deno.stat(path)).mtime?.getTime() ?? 0 });
  }
  files.sort((a, b) => b.mtime - a.mtime || (a.path < b.path ? 1 : -1));
  for (const file of files.slice(keep)) {
    await Deno.remove(file.path).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // another processor pruned it
    });
  }
}

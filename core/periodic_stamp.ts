/**
 * Project chores that run at most once per interval across every process:
 * a stamp file remembers the last run, read and written under a file lock,
 * so workers starting together do the chore once. A missing or torn stamp
 * means "run now".
 * @module
 */

import { writeFileAtomic } from "./atomic_file.ts";
import { withFileLock } from "./file_lock.ts";

/**
 * Runs `fn` unless the stamp at `stamp` is younger than `intervalMs`, then
 * stamps the time; resolves with `fn`'s result, or undefined when skipped.
 *
 * @example
 * ```ts
 * await atMostEvery(join(paths.state, "queue.pruned"), 3_600_000, Date.now, () => prune());
 * ```
 */
export async function atMostEvery<T>(
  stamp: string,
  intervalMs: number,
  now: () => number,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  return await withFileLock(`${stamp}.lock`, async () => {
    const last = await lastRun(stamp);
    if (last !== undefined && now() - last < intervalMs) return undefined;
    const result = await fn();
    await writeFileAtomic(stamp, `${now()}\n`);
    return result;
  });
}

async function lastRun(stamp: string): Promise<number | undefined> {
  try {
    const value = Number((await Deno.readTextFile(stamp)).trim());
    return Number.isFinite(value) ? value : undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Advisory file locks (flock) through `Deno.FsFile.lock`. Used for every file
 * or port that more than one process may take at once: the port allocator, the
 * event log appender, per-project start. The lock is released when the
 * callback settles, or by the kernel when the process dies (so a kill -9
 * never leaves a lock behind).
 * @module
 */

import { dirname } from "node:path";

/** Options for {@linkcode withFileLock}. */
export interface FileLockOptions {
  /** Exclusive (default) or shared lock. */
  exclusive?: boolean;
}

/**
 * Runs `fn` while holding a lock on `lockPath` (created if missing).
 *
 * @example
 * ```ts
 * await withFileLock(join(dataHome, "ports.lock"), async () => {
 *   // choose and record a port
 * });
 * ```
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T> | T,
  options: FileLockOptions = {},
): Promise<T> {
  await Deno.mkdir(dirname(lockPath), { recursive: true });
  const file = await Deno.open(lockPath, { read: true, write: true, create: true });
  try {
    await file.lock(options.exclusive ?? true);
    return await fn();
  } finally {
    file.close(); // closing releases the flock
  }
}

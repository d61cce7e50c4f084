/**
 * Atomic file writes: the new content goes to a temp file in the same
 * directory, is fsynced, renamed over the target, and the directory is fsynced.
 * A crash at any moment leaves either the old file or the new one, never a
 * torn mix. Every state, trigger and config file is written through here.
 * Files under `.claude/state` (and the other private directories, see
 * `secrets/private_files.ts`) are created 0600 in a 0700 directory unless a
 * mode is given.
 * @module
 */

import { basename, dirname, join } from "./light_path.ts"; // not node:path: see light_path.ts
import { ensurePrivateDirSync, PRIVATE_FILE_MODE, privateDirOf } from "./secrets/private_files.ts";

/** Options for {@linkcode writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * File mode of the new file, e.g. `0o600` for secrets. Default: 0600 under
   * a private directory (`.claude/state`), else 0644.
   */
  mode?: number;
  /** Create missing parent directories (default true). */
  createDirs?: boolean;
}

/**
 * Writes `data` to `path` atomically.
 *
 * @example
 * ```ts
 * await writeFileAtomic(".claude/state/km.port", "5001\n");
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const privateDir = privateDirOf(path);
  if (options.createDirs ?? true) {
    if (privateDir) ensurePrivateDirSync(privateDir);
    await Deno.mkdir(dir, { recursive: true });
  }
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const temp = join(dir, `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  const mode = options.mode ?? (privateDir ? PRIVATE_FILE_MODE : 0o644);
  const file = await Deno.open(temp, { write: true, createNew: true, mode });
  try {
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.sync();
  } catch (error) {
    file.close();
    await Deno.remove(temp).catch(
      () => {/* the temp file may not exist; the write error matters */},
    );
    throw error;
  }
  file.close();
  if (options.mode !== undefined) await Deno.chmod(temp, options.mode);
  try {
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {/* best effort; the rename error matters */});
    throw error;
  }
  await syncDirectory(dir);
}

/** Writes JSON (two-space indented, trailing newline) atomically. */
export function writeJsonAtomic(
  path: string,
  value: unknown,
  options: AtomicWriteOptions = {},
): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n", options);
}

/** Fsyncs a directory so a rename inside it survives a power loss. */
export async function syncDirectory(dir: string): Promise<void> {
  if (Deno.build.os === "windows") return; // directories cannot be opened for sync there
  const handle = await Deno.open(dir, { read: true });
  try {
    await handle.sync();
  } finally {
    handle.close();
  }
}

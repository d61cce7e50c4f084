/**
 * A journal of file-system changes that can be undone. `init`, `upgrade` and
 * `uninstall` make every change through one, so a failure half-way (a full
 * disk, an unwritable directory) rolls back to the tree as it was: nothing is
 * left half-written. Each file write is itself atomic (temp file + rename).
 * @module
 */

import { writeFileAtomic } from "../../core/atomic_file.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";

type UndoStep = () => Promise<void>;

/** Reads a file's bytes and mode, or `undefined` when it does not exist. */
export async function readExisting(
  path: string,
): Promise<{ bytes: Uint8Array; mode?: number } | undefined> {
  try {
    const bytes = await Deno.readFile(path);
    const mode = (await Deno.stat(path)).mode ?? undefined;
    return { bytes, mode: mode === undefined ? undefined : mode & 0o7777 };
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Changes to the tree, applied at once and undone in reverse on {@linkcode rollback}.
 *
 * @example
 * ```ts
 * const tx = new FileTransaction();
 * try {
 *   await tx.mkdir("/repo/.claude");
 *   await tx.write("/repo/.claude/config.json", "{}\n");
 * } catch (error) {
 *   await tx.rollback();
 *   throw error;
 * }
 * ```
 */
export class FileTransaction {
  #undo: UndoStep[] = [];

  /** Creates one directory (its parent must exist). */
  async mkdir(path: string): Promise<void> {
    await Deno.mkdir(path);
    this.#undo.push(() => Deno.remove(path));
  }

  /** Writes a file atomically; the previous content (or absence) is restored on rollback. */
  async write(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
    const previous = await readExisting(path);
    await writeFileAtomic(path, data, { mode: mode ?? previous?.mode, createDirs: false });
    this.#undo.push(() =>
      previous
        ? writeFileAtomic(path, previous.bytes, { mode: previous.mode, createDirs: false })
        : Deno.remove(path)
    );
  }

  /** Removes a file; it comes back on rollback. */
  async remove(path: string): Promise<void> {
    const previous = await readExisting(path);
    if (!previous) return;
    await Deno.remove(path);
    this.#undo.push(() =>
      writeFileAtomic(path, previous.bytes, { mode: previous.mode, createDirs: false })
    );
  }

  /** Removes an empty directory; it comes back on rollback. */
  async rmdir(path: string): Promise<void> {
    await Deno.remove(path);
    this.#undo.push(() => Deno.mkdir(path));
  }

  /** Renames a file or directory; renamed back on rollback. */
  async rename(from: string, to: string): Promise<void> {
    await Deno.rename(from, to);
    this.#undo.push(() => Deno.rename(to, from));
  }

  /** Undoes every change, newest first. */
  async rollback(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.#undo.reverse()) {
      try {
        await step();
      } catch (error) {
        // Keep undoing the rest; every failure is reported together below.
        failures.push(errorMessage(error));
      }
    }
    this.#undo = [];
    if (failures.length) {
      throw new SuperAgentsError(
        "ROLLBACK_INCOMPLETE",
        `could not undo ${failures.length} change(s): ${failures.join("; ")}`,
        { hint: "compare the tree with .claude/backups/ and fix the listed paths by hand" },
      );
    }
  }

  /**
   * Runs `fn` with this transaction; on failure undoes its changes and
   * rethrows the original error.
   */
  async run<T>(fn: (tx: FileTransaction) => Promise<T>): Promise<T> {
    try {
      return await fn(this);
    } catch (error) {
      try {
        await this.rollback();
      } catch (rollbackError) {
        const incomplete = rollbackError as SuperAgentsError;
        throw new SuperAgentsError(
          incomplete.code ?? "ROLLBACK_INCOMPLETE",
          `${errorMessage(error)}; then ${errorMessage(rollbackError)}`,
          { hint: incomplete.hint, cause: error },
        );
      }
      throw error;
    }
  }
}

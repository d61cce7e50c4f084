/**
 * The exclusive flock of one event log, held across a burst of appends.
 * Taking and dropping a flock per event costs two system calls, and while the
 * lock stays held no other process can have changed the log, so the appender
 * can skip re-reading its tail. A lone append drops the lock right after its
 * write, as a plain locked write would (so a process that emits one event and
 * then computes for a while never keeps others out). Once appends come less
 * than `BURST_MS` apart the lock is kept: it is dropped at the next macrotask
 * once this process goes idle, or after `HOLD_MS` of continuous use, and a
 * lock dropped for that reason is taken again off the main thread, so a
 * process waiting in `flock` gets its turn. A waiting process therefore
 * waits at most about `HOLD_MS`.
 * @module
 */

import { dirname } from "node:path";
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from "../secrets/private_files.ts";

/** Longest continuous hold while other processes may be waiting. */
export const HOLD_MS = 20;
/** Appends closer together than this are a burst, and keep the lock between them. */
export const BURST_MS = 2;

/** Holders and waiters of each lock file in this process (by path). */
const users = new Map<string, number>();

/** The flock on a log's sidecar lock file. */
export class LogLock {
  readonly path: string;
  #file?: Deno.FsFile;
  #held = false;
  #since = 0;
  #yieldNext = false;
  #lastWrite = Number.NEGATIVE_INFINITY;
  #timer?: ReturnType<typeof setTimeout>;
  #onIdle: () => void;

  /** `onIdle` runs when an idle hold should end; it must call {@linkcode release} once safe. */
  constructor(path: string, onIdle: () => void) {
    this.path = path;
    this.#onIdle = onIdle;
  }

  /** Whether the lock is held now. */
  get held(): boolean {
    return this.#held;
  }

  /** Whether the lock may stay held for another write. */
  get fresh(): boolean {
    return this.#held && Date.now() - this.#since < HOLD_MS; // Date.now: no op call
  }

  /**
   * Takes the lock unless held; resolves `true` when it was taken now (the
   * log may have changed since this process last held it).
   */
  async acquire(): Promise<boolean> {
    if (this.#held) return false;
    this.#file ??= openLockFile(this.path);
    const others = users.get(this.path) ?? 0;
    users.set(this.path, others + 1);
    try {
      // Blocking here only waits for other processes and saves an async op. When another appender
      // of this process holds or awaits the lock, or this one just gave it up, wait off the thread.
      if (others === 0 && !this.#yieldNext) this.#file.lockSync(true);
      else await this.#file.lock(true);
    } catch (error) {
      this.#dropUse();
      throw error;
    }
    this.#held = true;
    this.#yieldNext = false;
    this.#since = Date.now();
    return true;
  }

  /** Called after each write: keeps the lock during a burst until idle, or gives it up. */
  afterWrite(): void {
    if (!this.#held) return;
    const now = Date.now(); // ms are fine for BURST_MS, and Date.now is not a runtime call
    const burst = now - this.#lastWrite < BURST_MS;
    this.#lastWrite = now;
    if (!burst) this.release(); // a lone append: nothing suggests another one is coming
    else if (!this.fresh) {
      this.release();
      this.#yieldNext = true;
    } else if (this.#timer === undefined) {
      const timer = setTimeout(() => {
        this.#timer = undefined;
        this.#onIdle();
      }, 0);
      Deno.unrefTimer(timer);
      this.#timer = timer;
    }
  }

  /**
   * Drops the lock if held. A pending idle timer is left to fire: it releases
   * at the next macrotask, which is what a later burst would ask of a new one
   * (creating and clearing a timer per burst cost ~110 µs on a cold start).
   */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    try {
      this.#file!.unlockSync();
    } finally {
      this.#dropUse();
    }
  }

  /** Drops the lock and closes the lock file. */
  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.release();
    this.#file?.close();
    this.#file = undefined;
  }

  #dropUse(): void {
    const count = (users.get(this.path) ?? 1) - 1;
    if (count > 0) users.set(this.path, count);
    else users.delete(this.path);
  }
}

function openLockFile(path: string): Deno.FsFile {
  ensurePrivateDirSync(dirname(path));
  return Deno.openSync(path, { read: true, write: true, create: true, mode: PRIVATE_FILE_MODE });
}

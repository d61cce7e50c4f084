/**
 * Group commit: durable appends wait here for an fsync that started after
 * their write. At most one fsync runs at a time, and fsyncs start at most
 * every `intervalMs`, so many producers share one fsync while none is
 * acknowledged before its line is on disk.
 * @module
 */

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** Fsync scheduling for one appender. */
export class GroupCommit {
  #intervalMs: number;
  #file: () => Deno.FsFile | undefined;
  #wrapError: (error: unknown) => unknown;
  #waiters: Waiter[] = [];
  #timer?: ReturnType<typeof setTimeout>;
  #syncing?: Promise<void>;
  #lastSyncAt = -Infinity;

  /** `file` returns the descriptor written to now; `wrapError` gives fsync errors context. */
  constructor(
    intervalMs: number,
    file: () => Deno.FsFile | undefined,
    wrapError: (error: unknown) => unknown,
  ) {
    this.#intervalMs = intervalMs;
    this.#file = file;
    this.#wrapError = wrapError;
  }

  /** Registers a write that just completed; `resolve` runs once an fsync covers it. */
  add(resolve: () => void, reject: (error: unknown) => void): void {
    this.#waiters.push({ resolve, reject });
    this.#schedule();
  }

  /**
   * Settles every waiter by syncing `file` now (before its descriptor is
   * closed or replaced), after any fsync in flight.
   */
  async detach(file: Deno.FsFile | undefined, sync: boolean): Promise<void> {
    if (this.#syncing) await this.#syncing;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const waiters = this.#waiters.splice(0);
    try {
      if (file && sync) file.syncDataSync();
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(this.#wrapError(error));
    }
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#syncing) return;
    const delay = Math.max(0, this.#lastSyncAt + this.#intervalMs - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#syncing = this.#sync();
    }, delay);
  }

  async #sync(): Promise<void> {
    const waiters = this.#waiters.splice(0); // all of these were written before this fsync starts
    const file = this.#file();
    this.#lastSyncAt = performance.now();
    try {
      await (file ? file.syncData() : Promise.resolve());
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(this.#wrapError(error));
    } finally {
      this.#syncing = undefined;
      if (this.#waiters.length > 0) this.#schedule();
    }
  }
}

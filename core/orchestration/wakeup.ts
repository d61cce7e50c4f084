/**
 * A loop's sleep that an event can cut short: `sleep(ms)` resolves after
 * `ms` or as soon as `wake()` is called, and a `wake()` that comes while the
 * loop is not asleep is remembered, so the next `sleep` returns at once
 * (no event between two polls is missed).
 * @module
 */

/** Sleep and wake for one loop. */
export class Wakeup {
  #signalled = false;
  #waker: (() => void) | undefined;

  /** Waits `ms` (no limit when undefined), or less if woken (now or since the last sleep). */
  sleep(ms?: number): Promise<void> {
    if (this.#signalled) {
      this.#signalled = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#waker = undefined;
        this.#signalled = false;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      this.#waker = done;
    });
  }

  /** Ends the current sleep, or the next one if the loop is awake. */
  wake(): void {
    this.#signalled = true;
    this.#waker?.();
  }
}

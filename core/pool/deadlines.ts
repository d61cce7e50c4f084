/**
 * Timeouts of many running tasks with one timer: it is set for the earliest
 * deadline, and moved only when a task with an earlier one arrives (a timer
 * per job costs a create and a clear on every job).
 * @module
 */

/** The longest delay `setTimeout` accepts. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Deadlines keyed by task; `onExpire` runs for a task still present at its deadline. */
export class Deadlines<K, V> {
  #entries = new Map<K, { at: number; value: V }>();
  #timer?: ReturnType<typeof setTimeout>;
  #timerAt = Infinity;
  #onExpire: (key: K, value: V) => void;

  constructor(onExpire: (key: K, value: V) => void) {
    this.#onExpire = onExpire;
  }

  /** Starts the clock of `key`: it expires `ms` from now unless removed first. */
  add(key: K, ms: number, value: V): void {
    const at = performance.now() + ms;
    this.#entries.set(key, { at, value });
    if (at < this.#timerAt) this.#schedule(at);
  }

  /** Stops the clock of `key`. */
  remove(key: K): void {
    this.#entries.delete(key);
    if (this.#entries.size === 0) this.#clear();
  }

  #schedule(at: number): void {
    this.#clear();
    this.#timerAt = at;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, at - performance.now()));
    this.#timer = setTimeout(() => this.#fire(), delay);
  }

  #clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = performance.now();
    const expired: [K, V][] = [];
    let next = Infinity;
    for (const [key, entry] of this.#entries) {
      if (entry.at <= now) expired.push([key, entry.value]);
      else next = Math.min(next, entry.at);
    }
    for (const [key] of expired) this.#entries.delete(key);
    if (next < Infinity) this.#schedule(next);
    for (const [key, value] of expired) this.#onExpire(key, value);
  }
}

/**
 * A small least-recently-used cache for hot read queries. The store clears
 * it on every write, so a cached answer is never older than the last write
 * made through the same store.
 * @module
 */

/**
 * An LRU map with a fixed capacity.
 *
 * @example
 * ```ts
 * const cache = new QueryCache<string[]>(128);
 * cache.set("q:auth", ["..."]);
 * cache.get("q:auth");
 * cache.clear(); // after a write
 * ```
 */
export class QueryCache<V> {
  readonly #capacity: number;
  readonly #entries = new Map<string, V>();
  #hits = 0;
  #misses = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The cached value, marking it most recently used. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: string, value: V): void {
    if (this.#capacity <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
  }

  /** Drops every entry (called on write). */
  clear(): void {
    this.#entries.clear();
  }

  /** Entry count and hit/miss counters. */
  stats(): { size: number; hits: number; misses: number } {
    return { size: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }
}

/**
 * Reads the cost ledger (`.claude/state/costs.ndjson`) from where it was
 * last read to its end, so a worker's history listener finds the lines of
 * the jobs it is told about without re-reading the file: lines are kept by
 * task id until taken (at most `maxTasks`, the oldest dropped first).
 * @module
 */

import {
  type LedgerLine,
  ledgerPath,
  parseLedgerLine,
} from "../../../core/km_client/ledger_line.ts";

/** An incremental reader of one ledger file. */
export class LedgerTail {
  readonly #path: string;
  readonly #maxTasks: number;
  #offset: number;
  #partial = "";
  readonly #byTask = new Map<string, LedgerLine[]>();

  /** Starts at the ledger's current end (`fromStart`: at its beginning). */
  constructor(paths: { state: string }, options: { fromStart?: boolean; maxTasks?: number } = {}) {
    this.#path = ledgerPath(paths);
    this.#maxTasks = options.maxTasks ?? 10_000;
    this.#offset = options.fromStart ? 0 : sizeOf(this.#path);
  }

  /** The ledger lines of `task` appended since the last read (removed from the tail). */
  take(task: string): LedgerLine[] {
    this.#read();
    const lines = this.#byTask.get(task) ?? [];
    this.#byTask.delete(task);
    return lines;
  }

  #read(): void {
    const size = sizeOf(this.#path);
    if (size < this.#offset) this.#offset = 0; // replaced or truncated: read it again
    if (size === this.#offset) return;
    const file = Deno.openSync(this.#path, { read: true });
    try {
      file.seekSync(this.#offset, Deno.SeekMode.Start);
      const buffer = new Uint8Array(size - this.#offset);
      let read = 0;
      while (read < buffer.length) {
        const n = file.readSync(buffer.subarray(read));
        if (n === null) break;
        read += n;
      }
      this.#offset += read;
      const text = this.#partial + new TextDecoder().decode(buffer.subarray(0, read));
      const lines = text.split("\n");
      this.#partial = lines.pop() ?? ""; // a line still being written
      for (const line of lines) {
        const entry = parseLedgerLine(line);
        if (typeof entry !== "object") continue; // invalid lines are reported by `cost`
        const list = this.#byTask.get(entry.task) ?? [];
        list.push(entry);
        this.#byTask.delete(entry.task);
        this.#byTask.set(entry.task, list);
      }
      while (this.#byTask.size > this.#maxTasks) {
        this.#byTask.delete(this.#byTask.keys().next().value!);
      }
    } finally {
      file.close();
    }
  }
}

function sizeOf(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0;
    throw error;
  }
}

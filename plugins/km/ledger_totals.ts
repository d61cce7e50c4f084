/**
 * Running totals of the cost ledger (`.claude/state/costs.ndjson`, one JSON
 * line per finished agent task, appended by the agents' `recordOutcome`):
 * tasks by agent, provider and status; model calls (turns); fallbacks;
 * tokens by model and kind; dollars by model and agent. The KM keeps one
 * {@linkcode LedgerTotals} and reads only the bytes appended since the last
 * scrape; a ledger that shrank or was replaced is read again from the start.
 * Lines are validated with the ledger's schema; invalid ones are counted,
 * never guessed at.
 * @module
 */

import type { ProjectPaths } from "../../core/paths.ts";
import { type LedgerLine, ledgerPath, parseLedgerLine } from "../../core/km_client/ledger_line.ts";

/** Token kinds, as the `kind` label of the token counter. */
export const TOKEN_KINDS = ["input", "output", "cache_read", "cache_write"] as const;

/** The aggregated ledger. */
export interface LedgerSummary {
  /** `agent\u0000provider\u0000status` → tasks. */
  tasks: Map<string, number>;
  /** `agent\u0000provider` → model calls. */
  modelCalls: Map<string, number>;
  /** agent → fallbacks. */
  fallbacks: Map<string, number>;
  /** `model\u0000kind` → tokens. */
  tokens: Map<string, number>;
  /** model → dollars. */
  costByModel: Map<string, number>;
  /** agent → dollars. */
  costByAgent: Map<string, number>;
  invalidLines: number;
  /** The newest lines, newest last (for the dashboard). */
  latest: LedgerLine[];
}

/** Separator of composite map keys (cannot occur in a name). */
export const KEY_SEPARATOR = "\u0000";

function emptySummary(): LedgerSummary {
  return {
    tasks: new Map(),
    modelCalls: new Map(),
    fallbacks: new Map(),
    tokens: new Map(),
    costByModel: new Map(),
    costByAgent: new Map(),
    invalidLines: 0,
    latest: [],
  };
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Incremental reader of one project's cost ledger. */
export class LedgerTotals {
  readonly #file: string;
  #summary = emptySummary();
  #offset = 0;
  #ino: number | null = null;
  #carry = "";

  constructor(paths: Pick<ProjectPaths, "state">, readonly latestLimit = 20) {
    this.#file = ledgerPath(paths);
  }

  /**
   * Reads what was appended since the last call and returns the totals.
   *
   * @example
   * ```ts
   * const totals = new LedgerTotals(paths);
   * const { costByModel } = totals.read();
   * ```
   */
  read(): LedgerSummary {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(this.#file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      this.#reset(null); // no task finished yet (or the ledger was removed)
      return this.#summary;
    }
    if (info.ino !== this.#ino || info.size < this.#offset) this.#reset(info.ino);
    if (info.size > this.#offset) this.#consume(this.#readFrom(this.#offset, info.size));
    return this.#summary;
  }

  #reset(ino: number | null): void {
    this.#summary = emptySummary();
    this.#offset = 0;
    this.#ino = ino;
    this.#carry = "";
  }

  #readFrom(offset: number, end: number): string {
    const file = Deno.openSync(this.#file, { read: true });
    try {
      file.seekSync(offset, Deno.SeekMode.Start);
      const buffer = new Uint8Array(end - offset);
      let read = 0;
      while (read < buffer.length) {
        const n = file.readSync(buffer.subarray(read));
        if (n === null) break;
        read += n;
      }
      this.#offset = offset + read;
      return new TextDecoder().decode(buffer.subarray(0, read));
    } finally {
      file.close();
    }
  }

  #consume(text: string): void {
    const lines = (this.#carry + text).split("\n");
    this.#carry = lines.pop()!; // an append in progress: finished on the next read
    for (const text of lines) {
      const line = parseLedgerLine(text);
      if (line === "invalid") this.#summary.invalidLines++; // counted and exposed
      else if (line !== "blank") this.#addLine(line);
    }
  }

  #addLine(line: LedgerLine): void {
    const s = this.#summary;
    const k = KEY_SEPARATOR;
    add(s.tasks, `${line.agent}${k}${line.provider}${k}${line.status}`, 1);
    add(s.modelCalls, `${line.agent}${k}${line.provider}`, line.turns);
    add(s.fallbacks, line.agent, line.fallbacks);
    add(s.costByAgent, line.agent, line.costUsd);
    for (const [model, usage] of Object.entries(line.models)) {
      add(s.tokens, `${model}${k}input`, usage.inputTokens);
      add(s.tokens, `${model}${k}output`, usage.outputTokens);
      add(s.tokens, `${model}${k}cache_read`, usage.cacheReadTokens);
      add(s.tokens, `${model}${k}cache_write`, usage.cacheWriteTokens);
      add(s.costByModel, model, usage.costUsd);
    }
    s.latest.push(line);
    if (s.latest.length > this.latestLimit) s.latest.shift();
  }
}

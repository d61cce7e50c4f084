/**
 * Test support: an `Output` that records what is written, as a terminal or
 * as a pipe.
 * @module
 */

import type { Output } from "../../../core/context.ts";

/** A recording output; `text` is everything written so far. */
export interface FakeOutput extends Output {
  readonly text: string;
}

/** A fake output that is (or is not) a terminal. */
export function fakeOutput(isTerminal: boolean): FakeOutput {
  const chunks: string[] = [];
  return {
    isTerminal,
    write(text: string) {
      chunks.push(text);
    },
    get text() {
      return chunks.join("");
    },
  };
}

/** A manual clock: `advance(ms)` moves it. */
export function fakeClock(start = 1_000): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

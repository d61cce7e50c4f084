/**
 * Streaming line reader for logs and gzipped archives: lines come one chunk
 * at a time (never the whole file), with their 1-based numbers and whether a
 * newline terminated the last one (an unterminated last line is a torn
 * write). {@linkcode readLineBatches} hands out whole chunks so hot loops
 * (verify) avoid a promise per line; {@linkcode readLines} yields single lines.
 * @module
 */

/** One line of a file. */
export interface FileLine {
  text: string;
  /** 1-based line number. */
  number: number;
  /** False only for a last line without a trailing newline. */
  terminated: boolean;
}

/** Consecutive lines of a file. */
export interface LineBatch {
  lines: string[];
  /** 1-based number of `lines[0]`. */
  firstNumber: number;
  /** False when the batch's last line is the file's unterminated last line. */
  lastTerminated: boolean;
}

/**
 * Batches of lines of `path`, decompressing when `gzip` is set.
 *
 * @example
 * ```ts
 * for await (const batch of readLineBatches(".claude/events/log.ndjson")) {
 *   for (const line of batch.lines) console.log(line.length);
 * }
 * ```
 */
export async function* readLineBatches(path: string, gzip = false): AsyncGenerator<LineBatch> {
  const file = await Deno.open(path, { read: true });
  let stream = file.readable as ReadableStream<Uint8Array<ArrayBuffer>>;
  if (gzip) {
    stream = stream.pipeThrough(
      new DecompressionStream("gzip") as ReadableWritablePair<Uint8Array<ArrayBuffer>, Uint8Array>,
    );
  }
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let carry = "";
  let number = 1;
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      const lines = (carry + value).split("\n");
      carry = lines.pop()!;
      if (lines.length === 0) continue;
      yield { lines, firstNumber: number, lastTerminated: true };
      number += lines.length;
    }
    if (carry.length > 0) yield { lines: [carry], firstNumber: number, lastTerminated: false };
  } finally {
    await reader.cancel().catch(() => {/* the stream may already be closed; nothing to release */});
  }
}

/**
 * Lines of `path`, one at a time.
 *
 * @example
 * ```ts
 * for await (const line of readLines(".claude/events/log.ndjson")) console.log(line.number);
 * ```
 */
export async function* readLines(path: string, gzip = false): AsyncGenerator<FileLine> {
  for await (const batch of readLineBatches(path, gzip)) {
    const last = batch.lines.length - 1;
    for (let i = 0; i <= last; i++) {
      yield {
        text: batch.lines[i],
        number: batch.firstNumber + i,
        terminated: i < last || batch.lastTerminated,
      };
    }
  }
}

/** The last non-empty line of a (possibly gzipped) file, read by streaming. */
export async function lastLineOf(path: string, gzip: boolean): Promise<string | undefined> {
  let last: string | undefined;
  for await (const batch of readLineBatches(path, gzip)) {
    for (const line of batch.lines) if (line.length > 0) last = line;
  }
  return last;
}

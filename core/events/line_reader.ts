/**
 * Streaming line reader for logs and gzipped archives: lines come one chunk
 * at a time (never the whole file), with their 1-based numbers and whether a
 * newline terminated the last one (an unterminated last line is a torn
 * write). {@linkcode readLineBatches} hands out whole chunks so hot loops
 * (verify) avoid a promise per line; {@linkcode readLines} yields single lines.
 * {@linkcode readByteLineBatches} splits on bytes without decoding, for
 * callers that hash the raw line bytes.
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

/** Consecutive undecoded lines of a file (views into one read buffer). */
export interface ByteLineBatch {
  lines: Uint8Array[];
  /** 1-based number of `lines[0]`. */
  firstNumber: number;
  /** False when the batch's last line is the file's unterminated last line. */
  lastTerminated: boolean;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Like {@linkcode readLineBatches}, but the lines stay UTF-8 bytes (without
 * the newline). Plain files are read in 1 MiB chunks; a batch's views are
 * valid only until the next batch is requested.
 *
 * @example
 * ```ts
 * for await (const batch of readByteLineBatches(".claude/events/log.ndjson")) {
 *   for (const line of batch.lines) console.log(line.length);
 * }
 * ```
 */
export async function* readByteLineBatches(
  path: string,
  gzip = false,
): AsyncGenerator<ByteLineBatch> {
  let carry = new Uint8Array(0);
  let number = 1;
  for await (const chunk of byteChunks(path, gzip)) {
    let data = chunk;
    if (carry.length > 0) {
      data = new Uint8Array(carry.length + chunk.length);
      data.set(carry);
      data.set(chunk, carry.length);
    }
    const lines: Uint8Array[] = [];
    let start = 0;
    for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
      lines.push(data.subarray(start, end));
      start = end + 1;
    }
    // Copy the rest: the read buffer is reused for the next chunk.
    carry = data.slice(start);
    if (lines.length === 0) continue;
    yield { lines, firstNumber: number, lastTerminated: true };
    number += lines.length;
  }
  if (carry.length > 0) yield { lines: [carry], firstNumber: number, lastTerminated: false };
}

async function* byteChunks(path: string, gzip: boolean): AsyncGenerator<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  if (gzip) {
    const stream = file.readable.pipeThrough(
      new DecompressionStream("gzip") as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
    const reader = stream.getReader();
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(
        () => {/* the stream may already be closed; nothing to release */},
      );
    }
  }
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    while (true) {
      const read = await file.read(buffer);
      if (read === null) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    file.close();
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

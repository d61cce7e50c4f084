/**
 * Reading the end of a log file and following it as it grows (and as it is
 * rotated by size, when it shrinks), for `super-agents logs`.
 * @module
 */

/**
 * The last `count` lines of a file (all of it when shorter); `undefined` when
 * the file does not exist. Reads backwards in chunks, so a large log costs
 * only the bytes shown.
 */
export async function lastLines(path: string, count: number): Promise<string[] | undefined> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    const size = (await file.stat()).size;
    let start = size;
    let text = "";
    while (start > 0 && text.split("\n").length <= count + 1) {
      const length = Math.min(64 * 1024, start);
      start -= length;
      const chunk = new Uint8Array(length);
      await file.seek(start, Deno.SeekMode.Start);
      let read = 0;
      while (read < length) read += (await file.read(chunk.subarray(read))) ?? length;
      text = new TextDecoder().decode(chunk) + text;
    }
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines.slice(-count);
  } finally {
    file.close();
  }
}

/**
 * Calls `write` with everything appended to `path` after byte `from`,
 * polling every `intervalMs` until `signal` aborts. A shrunken file (rotated)
 * is read again from its start.
 */
export async function followFile(
  path: string,
  from: number,
  write: (text: string) => void,
  options: { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  let offset = from;
  const decoder = new TextDecoder();
  while (!options.signal?.aborted) {
    let size = 0;
    try {
      size = (await Deno.stat(path)).size;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // rotated away: wait for it
    }
    if (size < offset) offset = 0;
    if (size > offset) {
      const file = await Deno.open(path, { read: true });
      try {
        await file.seek(offset, Deno.SeekMode.Start);
        const chunk = new Uint8Array(size - offset);
        let read = 0;
        while (read < chunk.length) {
          const n = await file.read(chunk.subarray(read));
          if (n === null) break;
          read += n;
        }
        offset += read;
        write(decoder.decode(chunk.subarray(0, read), { stream: true }));
      } finally {
        file.close();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

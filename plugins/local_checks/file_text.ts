/**
 * Reading a changed file as text once: binary detection (a NUL byte in the
 * first 8,000 bytes, as git decides), lazy UTF-8 decoding cached per byte
 * array, and offset → line number lookup. Shared by every content check.
 * @module
 */

const decoder = new TextDecoder("utf-8", { fatal: false });
const texts = new WeakMap<Uint8Array, string>();

/** True when the bytes look binary (a NUL byte in the first 8,000 bytes). */
export function isBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * The bytes as text, or `undefined` when absent or binary. Decoded once per
 * byte array however many checks ask.
 *
 * @example
 * ```ts
 * const text = textOf(file.content); // undefined for a PNG
 * ```
 */
export function textOf(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined || isBinary(bytes)) return undefined;
  let text = texts.get(bytes);
  if (text === undefined) {
    text = decoder.decode(bytes);
    texts.set(bytes, text);
  }
  return text;
}

/** A function from a character offset in `text` to its 1-based line number. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

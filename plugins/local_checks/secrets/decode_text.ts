/**
 * Bytes to text for the secret scan, with no blind spots: UTF-8 (with or
 * without a BOM), UTF-16 little- and big-endian (by BOM, or by the pattern
 * of zero bytes when there is none), text with a few NUL bytes (which git
 * calls binary), and for real binaries the printable runs only (a token in
 * a compiled file or a database dump still leaks). Media and archive files,
 * whose bytes are compressed, are not text.
 * @module
 */

/** How the bytes were read. */
export type TextKind = "utf-8" | "utf-16le" | "utf-16be" | "binary";

/** Decoded text and how it was decoded. */
export interface DecodedText {
  text: string;
  kind: TextKind;
  /**
   * Mostly text (at most 64 bytes or 10% not printable, e.g. text with a
   * stray NUL): every rule runs. Otherwise only the rules for tokens with
   * a shape of their own, since random bytes look like random values.
   */
  textual: boolean;
}

/** Compressed or encoded formats in which a secret cannot appear as text. */
const OPAQUE_FILE =
  /\.(?:png|jpe?g|gif|bmp|ico|icns|webp|avif|tiff?|psd|mp[34]|m4a|mov|avi|mkv|webm|ogg|flac|wav|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|whl|woff2?|ttf|otf|eot|pdf|docx|xlsx|pptx|odt)$/i;

const utf8 = new TextDecoder("utf-8");
const utf16le = new TextDecoder("utf-16le");
const utf16be = new TextDecoder("utf-16be");

/**
 * Decodes `bytes` for scanning; `undefined` for compressed media and
 * archives.
 *
 * @example
 * ```ts
 * decodeForScan("notes.txt", new Uint8Array([0xff, 0xfe, 0x41, 0x00])); // { text: "A", kind: "utf-16le" }
 * ```
 */
export function decodeForScan(path: string, bytes: Uint8Array): DecodedText | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: utf16le.decode(bytes.subarray(2)), kind: "utf-16le", textual: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: utf16be.decode(bytes.subarray(2)), kind: "utf-16be", textual: true };
  }
  const zeros = zeroPattern(bytes);
  if (zeros.total === 0) return { text: utf8.decode(bytes), kind: "utf-8", textual: true };
  if (zeros.odd > 0.3 && zeros.even < 0.05) {
    return { text: utf16le.decode(bytes), kind: "utf-16le", textual: true };
  }
  if (zeros.even > 0.3 && zeros.odd < 0.05) {
    return { text: utf16be.decode(bytes), kind: "utf-16be", textual: true };
  }
  if (OPAQUE_FILE.test(path)) return undefined;
  const { text, replaced } = printableRuns(bytes);
  return { text, kind: "binary", textual: replaced <= Math.max(64, bytes.length * 0.1) };
}

/** The share of zero bytes at even and odd offsets in the first 8 KiB. */
function zeroPattern(bytes: Uint8Array): { even: number; odd: number; total: number } {
  const end = Math.min(bytes.length, 8192);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  if (even + odd === 0 && bytes.length > end && bytes.indexOf(0, end) !== -1) {
    return { even: 0, odd: 0, total: 1 }; // a NUL byte further on: not plain text either
  }
  const half = Math.max(1, end / 2);
  return { even: even / half, odd: odd / half, total: even + odd };
}

/**
 * The bytes as text with every byte that is not printable ASCII, a tab or a
 * line break replaced by a space: offsets and line numbers stay those of
 * the file, printable runs (and UTF-8 text around a stray NUL) stay
 * readable, and the regular expressions cannot join two runs.
 */
function printableRuns(bytes: Uint8Array): { text: string; replaced: number } {
  const out = new Uint8Array(bytes.length);
  let replaced = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    const keep = (byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x09 ||
      byte === 0x0d || byte >= 0x80;
    out[i] = keep ? byte : 0x20;
    if (!keep) replaced++;
  }
  return { text: utf8.decode(out), replaced };
}

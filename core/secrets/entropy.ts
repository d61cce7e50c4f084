/**
 * Telling random tokens from ordinary strings: Shannon entropy, and the
 * shapes that look random but are not secrets — UUIDs, hex digests, SRI
 * hashes, placeholders, and base64 that decodes to text or a known file
 * format (test fixtures).
 * @module
 */

/**
 * Shannon entropy of `text` in bits per character.
 *
 * @example
 * ```ts
 * shannonEntropy("aaaa"); // 0
 * shannonEntropy("abcd"); // 2
 * ```
 */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const SRI = /^sha(?:1|256|384|512)-/;
const PLACEHOLDER =
  /example|placeholder|xxxx|changeme|change_me|dummy|sample|redacted|your[_-]|<[^>]*>/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** Base64 prefixes of binary formats that show up in fixtures (PNG, JPEG, GIF, PDF, ZIP, gzip, WOFF). */
const BINARY_MAGIC = [
  "iVBORw0KGgo",
  "/9j/",
  "R0lGOD",
  "JVBERi0",
  "UEsDB",
  "H4sI",
  "d09GR",
  "d09GMg",
];

/** True for a UUID such as `550e8400-e29b-41d4-a716-446655440000`. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** True for a value made only of hex digits (digests, commit ids). */
export function isHex(value: string): boolean {
  return HEX.test(value);
}

/**
 * True when `value` is base64 of printable text or of a known file format:
 * a test fixture, not a key. Random key bytes decode to mostly unprintable
 * bytes.
 */
export function isEncodedFixture(value: string): boolean {
  if (BINARY_MAGIC.some((magic) => value.startsWith(magic))) return true;
  if (!BASE64.test(value) || value.length < 16) return false;
  let binary: string;
  try {
    binary = atob(
      value.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "").padEnd(
        Math.ceil(value.length / 4) * 4,
        "=",
      ),
    );
  } catch {
    return false; // not decodable as base64, so not a base64 fixture
  }
  if (binary.length === 0) return false;
  let printable = 0;
  for (let i = 0; i < binary.length; i++) {
    const code = binary.charCodeAt(i);
    if ((code >= 0x20 && code < 0x7f) || code === 0x0a || code === 0x0d || code === 0x09) {
      printable++;
    }
  }
  return printable / binary.length >= 0.95;
}

/** Why a candidate token is not a secret, or `undefined` when it may be one. */
export function benignReason(value: string): string | undefined {
  if (isUuid(value)) return "uuid";
  if (SRI.test(value)) return "integrity hash";
  if (PLACEHOLDER.test(value)) return "placeholder";
  if (isEncodedFixture(value)) return "encoded fixture";
  return undefined;
}

/** Options of {@linkcode looksRandom}. */
export interface RandomnessOptions {
  /** The assignment's name says it holds a secret (`apiKey`, `TOKEN`, `password`). */
  secretName: boolean;
  /** Bits per character a secret-named value must reach. */
  threshold: number;
}

/**
 * True when `value` looks like a random token worth reporting. Values named
 * like secrets need 16 characters and `threshold` bits per character (hex:
 * 3.0, since hex has only 16 symbols); other values need 32 characters,
 * `threshold + 1` bits, mixed case, and must not be plain hex (digests).
 */
export function looksRandom(value: string, options: RandomnessOptions): boolean {
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  if (benignReason(value) !== undefined) return false;
  const entropy = shannonEntropy(value);
  if (options.secretName) {
    if (value.length < 16) return false;
    return isHex(value) ? entropy >= 3.0 : entropy >= options.threshold;
  }
  if (value.length < 32 || isHex(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  return entropy >= options.threshold + 1;
}

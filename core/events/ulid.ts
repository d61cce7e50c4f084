/**
 * ULIDs: 128-bit ids, 48 bits of epoch milliseconds and 80 random bits,
 * in Crockford base32 (26 characters). They sort by time and are unique
 * across processes without coordination (80 random bits per millisecond);
 * within one process ids of the same millisecond are made strictly increasing.
 * @module
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

/**
 * A new ULID for time `now` (epoch ms).
 *
 * @example
 * ```ts
 * const id = newUlid(); // "01J9Z3K4X0ZQ6V7T8W9XYZABCD"
 * ```
 */
export function newUlid(now: number = Date.now()): string {
  let random: Uint8Array;
  if (now === lastTime) {
    random = increment(lastRandom);
  } else {
    random = crypto.getRandomValues(new Uint8Array(10));
    lastTime = now;
  }
  lastRandom = random;
  return encodeTime(now) + encodeRandom(random);
}

/** The epoch milliseconds encoded in a ULID. */
export function ulidTime(id: string): number {
  let time = 0;
  for (let i = 0; i < 10; i++) time = time * 32 + ALPHABET.indexOf(id[i]);
  return time;
}

/** Shape check: 26 Crockford base32 characters. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function encodeTime(now: number): string {
  let out = "";
  let time = now;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[time % 32] + out;
    time = Math.floor(time / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits → 16 base32 characters, 5 bits at a time.
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = bytes.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 255) {
      next[i]++;
      return next;
    }
    next[i] = 0;
  }
  // 2^80 ids in one millisecond cannot happen; fresh randomness keeps ids unique anyway.
  return crypto.getRandomValues(new Uint8Array(10));
}

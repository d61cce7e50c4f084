/**
 * ULIDs: 128-bit ids, 48 bits of epoch milliseconds and 80 random bits,
 * in Crockford base32 (26 characters). They sort by time and are unique
 * across processes without coordination (80 random bits per millisecond);
 * within one process ids of the same millisecond are made strictly increasing.
 * This runs for every appended event, so the time prefix is cached per
 * millisecond and the random part is kept as two 40-bit numbers.
 * @module
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const HALF = 2 ** 40;
/** Every 10-bit value as two base32 characters. */
const PAIRS = Array.from({ length: 1024 }, (_, i) => ALPHABET[i >> 5] + ALPHABET[i & 31]);

let lastTime = -1;
let timePrefix = "";
let high = 0;
let low = 0;

/**
 * A new ULID for time `now` (epoch ms).
 *
 * @example
 * ```ts
 * const id = newUlid(); // "01J9Z3K4X0ZQ6V7T8W9XYZABCD"
 * ```
 */
export function newUlid(now: number = Date.now()): string {
  if (now === lastTime) {
    if (++low === HALF) {
      low = 0;
      // 2^80 ids in one millisecond cannot happen; fresh randomness keeps ids unique anyway.
      if (++high === HALF) randomize();
    }
  } else {
    lastTime = now;
    timePrefix = encode(now, 10);
    randomize();
  }
  return timePrefix + encode40(high) + encode40(low);
}

/** The epoch milliseconds encoded in a ULID. */
export function ulidTime(id: string): number {
  let time = 0;
  for (let i = 0; i < 10; i++) time = time * 32 + ALPHABET.indexOf(id[i]);
  return time;
}

/** Shape check: 26 Crockford base32 characters. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Random bytes are fetched 4,000 at a time: one runtime call per 400 new milliseconds. */
const pool = new Uint8Array(4000);
let used = pool.length;

function randomize(): void {
  if (used === pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  high = low = 0;
  for (let i = used; i < used + 5; i++) {
    high = high * 256 + pool[i];
    low = low * 256 + pool[i + 5];
  }
  used += 10;
}

/** A 40-bit `value` in eight base32 characters. */
function encode40(value: number): string {
  const top = Math.floor(value / 1_048_576); // the upper 20 bits
  const bottom = value % 1_048_576;
  return PAIRS[top >> 10] + PAIRS[top & 1023] + PAIRS[bottom >> 10] + PAIRS[bottom & 1023];
}

/** `value` (below 32^digits) in `digits` base32 characters, most significant first. */
function encode(value: number, digits: number): string {
  let out = "";
  for (let i = 0; i < digits; i++) {
    const digit = value % 32;
    out = ALPHABET[digit] + out;
    value = (value - digit) / 32;
  }
  return out;
}

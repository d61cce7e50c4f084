/**
 * The checksums some token formats carry, so a scan can tell a real token
 * from a look-alike: GitHub and npm tokens end with the CRC32 of their random
 * part in base62 (six characters), a PyPI token is a macaroon whose location
 * is `pypi.org`, and a Discord bot token starts with a user id in base64.
 * @module
 */

/** The base62 digits in the order GitHub's and npm's token checksums use. */
export const BASE62_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE) of the UTF-8 bytes of `text`.
 *
 * @example
 * ```ts
 * crc32("123456789"); // 0xcbf43926
 * ```
 */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** `value` in base62, left-padded with `0` to `width` digits. */
export function base62(value: number, width: number): string {
  let out = "";
  let rest = value;
  do {
    out = BASE62_DIGITS[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, "0");
}

/**
 * True when a `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` or `npm_` token's last six
 * characters are the base62 CRC32 of the 30 characters before them.
 *
 * @example
 * ```ts
 * hasTokenChecksum("ghp_" + "a".repeat(36)); // false
 * ```
 */
export function hasTokenChecksum(token: string): boolean {
  const body = token.slice(token.indexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** Decodes base64 or base64url (padding optional); `undefined` when it is not. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(standard) || standard.length % 4 === 1) return undefined;
  try {
    const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, "="));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined; // not base64 after all
  }
}

/**
 * True when a `pypi-` token is a version-2 macaroon whose location is
 * `pypi.org` (or `test.pypi.org`) and that ends with a 32-byte signature.
 */
export function isPypiMacaroon(token: string): boolean {
  const bytes = decodeBase64(token.slice("pypi-".length));
  if (!bytes || bytes.length < 60 || bytes[0] !== 2 || bytes[1] !== 1) return false;
  const location = new TextDecoder().decode(bytes.subarray(3, 3 + bytes[2]));
  if (location !== "pypi.org" && location !== "test.pypi.org") return false;
  // The signature field: type 6, length 32, then the 32 bytes that end the macaroon.
  return bytes[bytes.length - 34] === 6 && bytes[bytes.length - 33] === 32;
}

/** True when a Discord bot token's first segment is a base64 user id (digits only). */
export function isDiscordBotToken(token: string): boolean {
  const bytes = decodeBase64(token.slice(0, token.indexOf(".")));
  if (!bytes || bytes.length < 17) return false;
  return bytes.every((byte) => byte >= 0x30 && byte <= 0x39);
}

/**
 * Fake credentials for the secret corpus (`generate_secret_corpus.ts`),
 * built from a seeded generator so the corpus is reproducible: each has the
 * shape of a real format (and its checksum where the format has one) but is
 * random, so it grants nothing anywhere. Private keys are generated fresh
 * with WebCrypto and node:crypto at generation time.
 * @module
 */

import { generateKeyPairSync } from "node:crypto";
import { base62, crc32 } from "../core/secrets/token_shapes/checksums.ts";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
/** Base62 characters. */
export const ALNUM = UPPER + LOWER + DIGITS;
/** Lower-case hex digits. */
export const HEX = "0123456789abcdef";

/** A seeded pseudo-random source (mulberry32): the same seed gives the same corpus. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** `length` random bytes. */
  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => Math.floor(this.next() * 256));
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = (n: number) => this.chars(HEX, n);
    return `${h(8)}-${h(4)}-4${h(3)}-${"89ab"[Math.floor(this.next() * 4)]}${h(3)}-${h(12)}`;
  }
}

/** A token with GitHub's/npm's checksum: prefix, 30 random base62, base62 CRC32 of those. */
export function checksummedToken(random: Random, prefix: string): string {
  const body = random.chars(ALNUM, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** Base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

/** A PyPI token: a version-2 macaroon for pypi.org with a random identifier and signature. */
export function pypiToken(random: Random): string {
  const enc = new TextEncoder();
  const caveat = enc.encode(`{"version":1,"permissions":"user"}`);
  const parts = [
    [2, 1, 8],
    [...enc.encode("pypi.org")],
    [2, 32],
    [...random.bytes(32)],
    [0, 2, caveat.length],
    [...caveat],
    [0, 0, 6, 32],
    [...random.bytes(32)],
  ];
  return "pypi-" + base64url(Uint8Array.from(parts.flat()));
}

/** A Discord bot token: base64 of an 18-digit user id, a timestamp part, an HMAC part. */
export function discordBotToken(random: Random): string {
  const id = String(1 + Math.floor(random.next() * 9)) + random.chars(DIGITS, 17);
  const first = btoa(id).replace(/=+$/, "");
  return `${first}.${random.chars(ALNUM + "_-", 6)}.${random.chars(ALNUM + "_-", 38)}`;
}

/** A JWT with an HS256 header, a realistic payload and a random signature. */
export function jwt(random: Random): string {
  const enc = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
  const header = enc({ alg: "HS256", typ: "JWT" });
  const payload = enc({ sub: random.uuid(), role: "service", iat: 1764000000 });
  return `${header}.${payload}.${base64url(random.bytes(32))}`;
}

/** A fresh PEM private key of `kind` (generated now, never stored anywhere else). */
export async function privateKeyPem(
  kind: "pkcs8-rsa" | "pkcs8-ec" | "pkcs1-rsa" | "sec1-ec",
): Promise<string> {
  if (kind === "pkcs1-rsa") {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  }
  if (kind === "sec1-ec") {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    return privateKey.export({ type: "sec1", format: "pem" }).toString();
  }
  const algorithm = kind === "pkcs8-rsa"
    ? {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    }
    : { name: "ECDSA", namedCurve: "P-256" };
  const pair = await crypto.subtle.generateKey(algorithm, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const body = btoa(String.fromCharCode(...der)).match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

/**
 * Token makers for the held-out secret corpus: alphabets, random picks,
 * checksummed tokens and freshly generated key material (node:crypto only).
 * @module
 */

import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { Buffer } from "node:buffer";

export type Truth = "planted" | "decoy";
export type Expect = "block" | "flag" | "may-warn" | "must-not-flag";

export interface HoldoutItem {
  file: string;
  /** 1-based first line of the item. */
  line: number;
  /** 1-based last line (multi-line items such as PEM blocks). */
  endLine: number;
  kind: string;
  truth: Truth;
  expect: Expect;
  /** The line with the value masked, for reports. */
  shape: string;
  why: string;
  /** The planted or decoy value itself (kept in memory, never written to ground truth). */
  value: string;
  /** Set when the value carries a checksum the test re-validates. */
  checksum?: "github" | "npm" | "pypi";
}

export interface HoldoutCorpus {
  /** Relative path -> file bytes. */
  files: Map<string, Uint8Array>;
  items: HoldoutItem[];
}

// ---------------------------------------------------------------- random parts

export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
export const HEX = "0123456789abcdef";
export const UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
export const URLSAFE = BASE62 + "-_";
export const DIGITS = "0123456789";

export function pick(alphabet: string, n: number): string {
  let out = "";
  while (out.length < n) {
    for (const byte of randomBytes(n * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
      if (out.length === n) break;
    }
  }
  return out;
}

/** A password with upper, lower, digits and symbols (what people type, not a token). */
export function password(n: number): string {
  for (;;) {
    const p = pick(BASE62 + "!#%&*+-=?@^_~.", n);
    if (/[A-Z]/.test(p) && /[a-z]/.test(p) && /\d/.test(p) && /[^A-Za-z0-9]/.test(p)) return p;
  }
}

export const b64 = (bytes: Uint8Array | string) =>
  (typeof bytes === "string" ? Buffer.from(bytes) : Buffer.from(bytes)).toString("base64");
export const b64url = (bytes: Uint8Array | string) =>
  b64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

// CRC-32 and base62 are written here again on purpose, not imported from
// core/secrets/token_shapes/checksums.ts: the held-out corpus grades the scanner, so it shares
// none of the scanner's code (a bug there would otherwise be mirrored in the answers).
export const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function base62(n: number, width: number): string {
  let out = "";
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, "0");
}

/** GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) tokens: 30 random base62 + 6-char base62 CRC32. */
export function checksummedToken(prefix: string): string {
  const body = pick(BASE62, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** True when the last 6 characters are the base62 CRC32 of the 30 before them. */
export function validChecksum(token: string): boolean {
  const m = token.match(/^(?:gh[pousr]|npm)_([0-9A-Za-z]{30})([0-9A-Za-z]{6})$/);
  return m !== null && base62(crc32(m[1]), 6) === m[2];
}

/** A PyPI API token: `pypi-` + base64url of a version-2 macaroon (location pypi.org, a UUID identifier, one caveat, a 32-byte signature). */
export function pypiToken(): string {
  const field = (type: number, data: Uint8Array | string) => {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    return concat(new Uint8Array([type, bytes.length]), bytes);
  };
  const caveat = JSON.stringify({ version: 1, permissions: "user" });
  const macaroon = concat(
    new Uint8Array([2]),
    field(1, "pypi.org"),
    field(2, randomUUID()),
    new Uint8Array([0]),
    field(2, caveat),
    new Uint8Array([0, 0]),
    field(6, randomBytes(32)),
  );
  return `pypi-${b64url(macaroon)}`;
}

/** True when a `pypi-` token decodes to a version-2 macaroon for pypi.org with a 32-byte signature. */
export function validPypiToken(token: string): boolean {
  if (!token.startsWith("pypi-")) return false;
  const bytes = Buffer.from(token.slice(5), "base64url");
  if (
    bytes[0] !== 2 || bytes[1] !== 1 || bytes.subarray(3, 3 + bytes[2]).toString() !== "pypi.org"
  ) return false;
  return bytes.at(-34) === 6 && bytes.at(-33) === 32;
}

export const awsKeyId = (prefix = "AKIA") => prefix + pick(UPPER32, 16);
export const awsSecret = () => pick(BASE62 + "+/", 40);
export const uuid = () => randomUUID();

export function jwt(payload: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

// SSH wire-format helpers for OpenSSH and PuTTY private keys.
export function sshString(data: Uint8Array | string): Uint8Array {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}
export const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
export const u32 = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
};
export const wrap = (text: string, width: number) =>
  text.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n");

export function ed25519Parts() {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const seed = Buffer.from(jwk.d!, "base64url");
  const pub = Buffer.from(jwk.x!, "base64url");
  const pubBlob = concat(sshString("ssh-ed25519"), sshString(pub));
  return { seed: new Uint8Array(seed), pub: new Uint8Array(pub), pubBlob };
}

export function opensshPrivateKey(comment: string): string {
  const { seed, pub, pubBlob } = ed25519Parts();
  const check = randomBytes(4).readUInt32BE(0);
  let priv = concat(
    u32(check),
    u32(check),
    sshString("ssh-ed25519"),
    sshString(pub),
    sshString(concat(seed, pub)),
    sshString(comment),
  );
  for (let i = 1; priv.length % 8 !== 0; i++) priv = concat(priv, new Uint8Array([i]));
  const blob = concat(
    new TextEncoder().encode("openssh-key-v1\0"),
    sshString("none"),
    sshString("none"),
    sshString(""),
    u32(1),
    sshString(pubBlob),
    sshString(priv),
  );
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${
    wrap(b64(blob), 70)
  }\n-----END OPENSSH PRIVATE KEY-----`;
}

export function puttyPrivateKey(comment: string): string {
  const { seed, pubBlob } = ed25519Parts();
  const privBlob = sshString(seed);
  const macData = concat(
    sshString("ssh-ed25519"),
    sshString("none"),
    sshString(comment),
    sshString(pubBlob),
    sshString(privBlob),
  );
  const mac = createHmac("sha256", Buffer.alloc(0)).update(macData).digest("hex");
  const pubLines = wrap(b64(pubBlob), 64).split("\n");
  const privLines = wrap(b64(privBlob), 64).split("\n");
  return [
    "PuTTY-User-Key-File-3: ssh-ed25519",
    "Encryption: none",
    `Comment: ${comment}`,
    `Public-Lines: ${pubLines.length}`,
    ...pubLines,
    `Private-Lines: ${privLines.length}`,
    ...privLines,
    `Private-MAC: ${mac}`,
  ].join("\n");
}

export const rsaPem = (type: "pkcs1" | "pkcs8") =>
  (generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type,
    format: "pem",
  }) as string)
    .trim();
export const ecPem = () =>
  (generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({
    type: "sec1",
    format: "pem",
  }) as string)
    .trim();

// ---------------------------------------------------------------- builder

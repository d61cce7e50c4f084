/**
 * Closer looks at matches that only look like secrets: a JWT must decode
 * (and is not the well-known jwt.io example), a private key header must be
 * followed by a key body, and a token made of a repeated character or a
 * placeholder word (`ghp_xxxx…`, `sk_live_XXXX…`, `…EXAMPLE`) is not a token.
 * @module
 */

import { decodeBase64 } from "./checksums.ts";
import type { Verdict } from "./rule.ts";

function jsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64(segment);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined; // not JSON: not a JWT
  }
}

/** The signature of the HS256 example token on jwt.io (its secret is published: "your-256-bit-secret"). */
const JWT_IO_SIGNATURES = new Set(["SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"]);

/**
 * A JWT only when header and payload decode to JSON objects and the header
 * names `alg`; the documentation example (jwt.io's John Doe) is not a secret.
 */
export function isJwt(token: string): Verdict {
  const [header, payload, signature] = token.split(".");
  const decodedHeader = jsonSegment(header);
  const decodedPayload = jsonSegment(payload);
  if (!decodedHeader || typeof decodedHeader.alg !== "string" || !decodedPayload) {
    return "not-secret";
  }
  if (JWT_IO_SIGNATURES.has(signature) || decodedPayload.name === "John Doe") return "not-secret";
  // Supabase's anon key ships to every browser (row-level security guards the data); the
  // service_role key is the secret one.
  if (decodedPayload.role === "anon" && /supabase/i.test(String(decodedPayload.iss))) {
    return "not-secret";
  }
  return "secret";
}

/**
 * A private key block's verdict: no body, not a key; protected by a
 * passphrase (PKCS#8 `ENCRYPTED PRIVATE KEY`, a PEM `Proc-Type: 4,ENCRYPTED`
 * header, an OpenSSH key whose cipher is not `none`), doubtful (a warning:
 * the key still needs the passphrase); otherwise a secret.
 */
export function privateKeyVerdict(header: string, text: string, end: number): Verdict {
  if (!hasKeyBody(text, end)) return "not-secret";
  if (/ENCRYPTED/.test(header) || /Proc-Type:[ \t]*4,ENCRYPTED/.test(text.slice(end, end + 200))) {
    return "doubtful";
  }
  if (/OPENSSH/.test(header)) {
    const body = text.slice(end, end + 400).replace(/\\n|\s|["'+,]/g, "").slice(0, 80);
    const bytes = decodeBase64(body.slice(0, body.length - (body.length % 4)));
    // "openssh-key-v1\0", then the cipher name as a length-prefixed string.
    if (bytes && bytes.length > 20 && bytes[14] === 0) {
      const length = (bytes[15] << 24) | (bytes[16] << 16) | (bytes[17] << 8) | bytes[18];
      const cipher = new TextDecoder().decode(bytes.subarray(19, 19 + Math.min(length, 40)));
      if (length > 0 && cipher !== "none") return "doubtful";
    }
  }
  return "secret";
}

/** A private key header counts only when a key body follows it (not a string naming it). */
export function hasKeyBody(text: string, end: number): boolean {
  let body = "";
  for (const raw of text.slice(end, end + 800).split(/(?:\\r)?\\n|\r?\n/)) {
    const line = raw.trim().replace(/^["'`+]+|["'`+,;]+$/g, "").trim();
    if (line === "" || line.includes(":")) continue; // blank, or a header such as Proc-Type
    if (line.startsWith("-----END")) break;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) return false;
    body += line;
    if (body.length >= 40) return /[A-Z]/.test(body) && /[a-z]/.test(body) && /\d/.test(body);
  }
  return false;
}

const PLACEHOLDER_WORD =
  /x{5,}|\*{3,}|\.{4,}|example|placeholder|dummy|sample|redacted|your[_-]?|<[^>]*>|\$\{|\{\{|123456789|abcdefgh|AbCdEfGh/i;

/**
 * True when a matched token is a placeholder: a run of one character
 * (`xxxxxx`), a placeholder word, or too few distinct characters to be random.
 *
 * @example
 * ```ts
 * isPlaceholderToken("ghp_" + "x".repeat(36)); // true
 * ```
 */
export function isPlaceholderToken(token: string): boolean {
  // A run of one character, but not of "A": base64 of zero bytes is part of real tokens
  // (Dropbox, Twitter bearer, Firebase), and a token of nothing but A's has too few distinct ones.
  if (/([^A])\1{5,}/.test(token) || PLACEHOLDER_WORD.test(token)) return true;
  const distinct = new Set(token).size;
  return token.length >= 16 && distinct < Math.min(10, token.length / 3);
}

/** Members of a Firebase web config (or google-services.json) around a key. */
const FIREBASE_CONFIG =
  /firebaseConfig|initializeApp\s*\(|authDomain|messagingSenderId|firebaseio\.com|firebaseapp\.com|"current_key"/;

/**
 * True when an `AIza…` key sits in a Firebase web config: public by design
 * (it ships to every browser), so a warning rather than a block; the same
 * shape anywhere else is a billable server key.
 */
export function inFirebaseWebConfig(text: string, end: number): boolean {
  if (FIREBASE_CONFIG.test(text.slice(Math.max(0, end - 600), end + 600))) return true;
  // A browser key by its name: bundled into the client by Next.js, Vite, Create React App, Expo.
  const line = text.slice(text.lastIndexOf("\n", end - 1) + 1, end);
  return /(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|PUBLIC)_\w*[=:]/.test(line);
}

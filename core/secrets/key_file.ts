/**
 * The per-user key of the encrypted secret file: 32 bytes from
 * `crypto.getRandomValues`, generated on first use into `secret.key` (0600),
 * so no two users or homes ever share a key. A key that is missing while
 * secrets exist, unreadable, malformed or readable by others is a clear
 * error: the store never silently re-keys over existing secrets.
 * @module
 */

import { decodeBase64, encodeBase64 } from "./base64.ts";
import { writeFileAtomic } from "../atomic_file.ts";
import { SuperAgentsError } from "../errors.ts";

const PREFIX = "super-agents-key-v1:";
const KEY_BYTES = 32;

/** A loaded key. */
export interface SecretKey {
  key: CryptoKey;
  /** First 16 hex digits of the SHA-256 of the key bytes: names the key without revealing it. */
  id: string;
}

const RESET_HINT = "restore secret.key from your backup; or run `super-agents secrets reset`, " +
  "which moves secrets.enc and secret.key aside (nothing is deleted) and starts a new store";

/**
 * Reads the key at `path`; `undefined` when the file does not exist.
 *
 * @example
 * ```ts
 * const key = await readSecretKey(secretPaths(ctx).key);
 * ```
 */
export async function readSecretKey(path: string): Promise<SecretKey | undefined> {
  let text: string;
  try {
    const info = await Deno.stat(path);
    if (Deno.build.os !== "windows" && info.mode !== null && (info.mode & 0o077) !== 0) {
      throw new SuperAgentsError(
        "SECRET_KEY_EXPOSED",
        `${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)})`,
        { hint: `chmod 600 ${path}` },
      );
    }
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    if (error instanceof SuperAgentsError) throw error;
    throw new SuperAgentsError("SECRET_KEY_UNREADABLE", `cannot read ${path}: ${error}`, {
      hint: `check the permissions of ${path} (it should be yours, mode 600)`,
      cause: error,
    });
  }
  const encoded = text.trim();
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (encoded.startsWith(PREFIX)) {
    try {
      bytes = decodeBase64(encoded.slice(PREFIX.length));
    } catch {
      bytes = undefined; // reported below as a corrupt key
    }
  }
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw new SuperAgentsError("SECRET_KEY_CORRUPT", `${path} is not a valid secret key`, {
      hint: RESET_HINT,
    });
  }
  return await importKey(bytes);
}

/** Generates a new random key and writes it to `path` (0600); the caller holds the store lock. */
export async function createSecretKey(path: string): Promise<SecretKey> {
  const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  await writeFileAtomic(path, `${PREFIX}${encodeBase64(bytes)}\n`, { mode: 0o600 });
  return await importKey(bytes);
}

/** The error of a key that is missing while encrypted secrets exist. */
export function missingKeyError(keyPath: string, storePath: string, count: number) {
  return new SuperAgentsError(
    "SECRET_KEY_MISSING",
    `${keyPath} is missing but ${storePath} holds ${count} secret(s) encrypted with it`,
    { hint: RESET_HINT },
  );
}

/** The error of a key that does not match the one the store was written with. */
export function mismatchedKeyError(keyPath: string, storePath: string) {
  return new SuperAgentsError(
    "SECRET_KEY_MISMATCH",
    `${keyPath} is not the key ${storePath} was encrypted with`,
    { hint: RESET_HINT },
  );
}

async function importKey(bytes: Uint8Array<ArrayBuffer>): Promise<SecretKey> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const id = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const key = await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
  return { key, id };
}

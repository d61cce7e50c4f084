/**
 * The encrypted-file backend of the credential store: `secrets.enc` (0600)
 * holds one AES-256-GCM ciphertext per secret, each with a fresh 96-bit IV
 * and the secret's name as additional data (so entries cannot be swapped),
 * and the id of the key that wrote it. Reads need no lock (the file is only
 * ever replaced by an atomic rename); changes are made by the store while it
 * holds the store lock.
 * @module
 */

import { writeJsonAtomic } from "../atomic_file.ts";
import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { decodeBase64, encodeBase64 } from "./base64.ts";
import {
  createSecretKey,
  mismatchedKeyError,
  missingKeyError,
  readSecretKey,
  type SecretKey,
} from "./key_file.ts";
import type { SecretPaths } from "./secret_paths.ts";

const EntrySchema = z.object({
  iv: z.string().min(1),
  data: z.string().min(1),
  updatedAt: z.number().int().nonnegative(),
});

/** The file's schema (what is read back is validated). */
export const SecretFileSchema = z.object({
  version: z.literal(1),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  entries: z.record(z.string(), EntrySchema),
});

/** The decoded file. */
export type SecretFile = z.infer<typeof SecretFileSchema>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads and validates `secrets.enc`; `undefined` when there is none. */
export async function readSecretFile(paths: SecretPaths): Promise<SecretFile | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(paths.store);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw new SuperAgentsError("SECRET_STORE_UNREADABLE", `cannot read ${paths.store}: ${error}`, {
      hint: `check the permissions of ${paths.store} (it should be yours, mode 600)`,
      cause: error,
    });
  }
  let parsed: ReturnType<typeof SecretFileSchema.safeParse>;
  try {
    parsed = SecretFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = SecretFileSchema.safeParse(undefined); // not JSON: reported as corrupt below
  }
  if (!parsed.success) {
    throw new SuperAgentsError("SECRET_STORE_CORRUPT", `${paths.store} is damaged`, {
      hint: `restore it from a backup (secrets.enc.bak-*), or move it aside to start a new store`,
    });
  }
  return parsed.data;
}

/** The key of an existing file (never creates one while secrets exist). */
async function keyFor(paths: SecretPaths, file: SecretFile | undefined): Promise<SecretKey> {
  const key = await readSecretKey(paths.key);
  const count = file ? Object.keys(file.entries).length : 0;
  if (!key) {
    if (count > 0) throw missingKeyError(paths.key, paths.store, count);
    return await createSecretKey(paths.key);
  }
  if (file && count > 0 && file.keyId !== key.id) throw mismatchedKeyError(paths.key, paths.store);
  return key;
}

/**
 * Decrypts secret `name`; `undefined` when it is not stored.
 *
 * @example
 * ```ts
 * const value = await readFileSecret(secretPaths(ctx), "ANTHROPIC_API_KEY");
 * ```
 */
export async function readFileSecret(
  paths: SecretPaths,
  name: string,
): Promise<string | undefined> {
  const file = await readSecretFile(paths);
  const entry = file?.entries[name];
  if (!file || !entry) return undefined;
  const key = await readSecretKey(paths.key);
  if (!key) throw missingKeyError(paths.key, paths.store, Object.keys(file.entries).length);
  if (key.id !== file.keyId) throw mismatchedKeyError(paths.key, paths.store);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: decodeBase64(entry.iv), additionalData: encoder.encode(aad(name)) },
      key.key,
      decodeBase64(entry.data),
    );
    return decoder.decode(plain);
  } catch (error) {
    throw new SuperAgentsError(
      "SECRET_DECRYPT_FAILED",
      `secret "${name}" in ${paths.store} cannot be decrypted (the file was altered)`,
      { hint: `set it again: super-agents secrets set ${name}`, cause: error },
    );
  }
}

/** Encrypts and stores `value` as `name` (caller holds the store lock). */
export async function writeFileSecret(
  paths: SecretPaths,
  name: string,
  value: string,
  now: number,
): Promise<void> {
  const file = await readSecretFile(paths);
  const key = await keyFor(paths, file);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(aad(name)) },
      key.key,
      encoder.encode(value),
    ),
  );
  const entries = { ...(file?.entries ?? {}) };
  entries[name] = { iv: encodeBase64(iv), data: encodeBase64(data), updatedAt: now };
  await writeJsonAtomic(paths.store, { version: 1, keyId: key.id, entries }, { mode: 0o600 });
}

/** Removes `name`; false when it was not stored (caller holds the store lock). */
export async function removeFileSecret(paths: SecretPaths, name: string): Promise<boolean> {
  const file = await readSecretFile(paths);
  if (!file?.entries[name]) return false;
  const entries = { ...file.entries };
  delete entries[name];
  await writeJsonAtomic(paths.store, { ...file, entries }, { mode: 0o600 });
  return true;
}

/** Names stored in the file, with their update times. */
export async function fileSecretNames(
  paths: SecretPaths,
): Promise<{ name: string; updatedAt: number }[]> {
  const file = await readSecretFile(paths);
  return Object.entries(file?.entries ?? {}).map(([name, entry]) => ({
    name,
    updatedAt: entry.updatedAt,
  }));
}

function aad(name: string): string {
  return `super-agents-secret:${name}`;
}

/**
 * The seal on an accepted plugin: an HMAC-SHA256, keyed by a per-user key
 * in the data home (`plugins.key`, 0600, made on the first `plugins add`),
 * over everything the user accepted — source, digest, permissions and
 * manifest. A project's `.claude/plugins.json` can arrive by `git pull` or
 * be edited by anything that may write the project; an entry whose seal
 * does not verify was not accepted by this user on this machine, and the
 * loader treats it as needing acceptance, never as accepted.
 * @module
 */

import { join } from "node:path";
import { writeFileAtomic } from "../../atomic_file.ts";
import { SuperAgentsError } from "../../errors.ts";
import { withFileLock } from "../../file_lock.ts";

const KEY_BYTES = 32;
const PREFIX = "super-agents-plugins-key-v1:";

/** The key file of a data home. */
export function sealKeyPath(dataHome: string): string {
  return join(dataHome, "plugins.key");
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function keyError(path: string, why: string): SuperAgentsError {
  return new SuperAgentsError("PLUGIN_KEY_INVALID", `${path} ${why}`, {
    hint: `delete ${path} and add your plugins again (\`super-agents plugins add <specifier>\`)`,
  });
}

async function importKey(path: string, text: string): Promise<CryptoKey> {
  const encoded = text.trim();
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (encoded.startsWith(PREFIX)) {
    try {
      bytes = Uint8Array.from(atob(encoded.slice(PREFIX.length)), (c) => c.charCodeAt(0));
    } catch {
      bytes = undefined; // reported below
    }
  }
  if (bytes?.length !== KEY_BYTES) throw keyError(path, "is not a plugins key");
  return await crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/**
 * The user's seal key, or `undefined` when none was made yet.
 *
 * @example
 * ```ts
 * const key = await readSealKey(ctx.dataHome);
 * ```
 */
export async function readSealKey(dataHome: string): Promise<CryptoKey | undefined> {
  const path = sealKeyPath(dataHome);
  let text: string;
  try {
    const info = await Deno.stat(path);
    if (Deno.build.os !== "windows" && info.mode !== null && (info.mode & 0o077) !== 0) {
      throw keyError(path, `is readable by other users (mode ${(info.mode & 0o777).toString(8)})`);
    }
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  return await importKey(path, text);
}

/** The user's seal key, made (0600, under a lock) when there is none. */
export async function ensureSealKey(dataHome: string): Promise<CryptoKey> {
  const path = sealKeyPath(dataHome);
  return await withFileLock(join(dataHome, "locks", "plugins-key.lock"), async () => {
    const existing = await readSealKey(dataHome);
    if (existing) return existing;
    const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
    const text = `${PREFIX}${btoa(String.fromCharCode(...bytes))}\n`;
    await writeFileAtomic(path, text, { mode: 0o600 });
    return await importKey(path, text);
  });
}

/** JSON with object keys sorted, so equal values always serialise the same way. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item) =>
      item && typeof item === "object" && !Array.isArray(item)
        ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a < b ? -1 : 1))
        : item,
  );
}

/**
 * The seal of `accepted` (an entry of the plugins file without its seal).
 *
 * @example
 * ```ts
 * const seal = await sealOf(await ensureSealKey(ctx.dataHome), entryWithoutSeal);
 * ```
 */
export async function sealOf(key: CryptoKey, accepted: unknown): Promise<string> {
  const data = new TextEncoder().encode(canonical(accepted));
  return hex(await crypto.subtle.sign("HMAC", key, data));
}

/** Whether `seal` is `accepted`'s seal under `key` (compared in constant time by WebCrypto). */
export async function sealVerifies(
  key: CryptoKey,
  accepted: unknown,
  seal: string,
): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(seal)) return false;
  const bytes = new Uint8Array(seal.match(/../g)!.map((pair) => parseInt(pair, 16)));
  const data = new TextEncoder().encode(canonical(accepted));
  return await crypto.subtle.verify("HMAC", key, bytes, data);
}

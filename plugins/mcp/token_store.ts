/**
 * The per-user bearer-token store for remote MCP clients:
 * `~/.super-agents/tokens.json`, mode 0600. Only SHA-256 digests are kept, so
 * the file never holds a usable secret; a token is shown once, when created.
 * A store that others can read is refused rather than trusted.
 * @module
 */

import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import type { Context } from "../../core/context.ts";
import { z } from "../../core/deps.ts";
import { errorMessage, SuperAgentsError } from "../../core/errors.ts";
import { withFileLock } from "../../core/file_lock.ts";
import { ScopeSchema } from "../km_auth/scopes.ts";

/** One stored token: its name and digest. */
export const StoredTokenSchema = z.object({
  name: z.string().min(1).max(100),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  /** What the token may do; absent on tokens created before scopes existed (they hold `admin`). */
  scopes: z.array(ScopeSchema).min(1).optional(),
});

/** The whole store file. */
export const TokenStoreSchema = z.object({
  version: z.literal(1),
  tokens: z.array(StoredTokenSchema),
});

/** A stored token. */
export type StoredToken = z.infer<typeof StoredTokenSchema>;

/** The store's path for this user. */
export function tokenStorePath(ctx: Pick<Context, "dataHome">): string {
  return join(ctx.dataHome, "tokens.json");
}

/** Hex SHA-256 of a token, the form tokens are stored and compared in. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Reads the store; a missing file is an empty store.
 *
 * @example
 * ```ts
 * const tokens = await readTokenStore(tokenStorePath(ctx));
 * ```
 */
export async function readTokenStore(path: string): Promise<StoredToken[]> {
  let text: string;
  try {
    const info = await Deno.stat(path);
    if (Deno.build.os !== "windows" && info.mode !== null && (info.mode & 0o077) !== 0) {
      throw new SuperAgentsError("TOKEN_STORE_PERMISSIONS", `${path} is readable by other users`, {
        hint: `run \`chmod 600 ${path}\``,
      });
    }
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SuperAgentsError(
      "TOKEN_STORE_INVALID",
      `${path} is not JSON: ${errorMessage(error)}`,
      {
        hint: `fix or delete ${path}, then create tokens with \`super-agents mcp token create\``,
      },
    );
  }
  const result = TokenStoreSchema.safeParse(parsed);
  if (!result.success) {
    throw new SuperAgentsError(
      "TOKEN_STORE_INVALID",
      `${path} is malformed: ${result.error.message}`,
      {
        hint: `fix or delete ${path}, then create tokens with \`super-agents mcp token create\``,
      },
    );
  }
  return result.data.tokens;
}

/**
 * Creates a named token, stores its digest and returns the token itself
 * (the only time it is visible).
 */
export function createUserToken(
  path: string,
  name: string,
  now: Date,
  scopes: readonly string[] = ["admin"],
): Promise<string> {
  return withFileLock(`${path}.lock`, async () => {
    const tokens = await readTokenStore(path);
    if (tokens.some((t) => t.name === name)) {
      throw new SuperAgentsError("TOKEN_EXISTS", `a token named "${name}" already exists`, {
        hint: `revoke it first with \`super-agents mcp token revoke ${name}\` or pick another name`,
      });
    }
    const token = `sa_${randomBytes(32).toString("base64url")}`;
    const entry = StoredTokenSchema.parse({
      name,
      sha256: tokenDigest(token),
      createdAt: now.toISOString(),
      scopes,
    });
    await writeJsonAtomic(path, { version: 1, tokens: [...tokens, entry] }, { mode: 0o600 });
    return token;
  });
}

/** Removes a named token; returns whether one was removed. */
export function revokeUserToken(path: string, name: string): Promise<boolean> {
  return withFileLock(`${path}.lock`, async () => {
    const tokens = await readTokenStore(path);
    const kept = tokens.filter((t) => t.name !== name);
    if (kept.length === tokens.length) return false;
    await writeJsonAtomic(path, { version: 1, tokens: kept }, { mode: 0o600 });
    return true;
  });
}

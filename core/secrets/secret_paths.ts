/**
 * Where the per-user credential store keeps its files: all under the
 * context's data home (`~/.super-agents/` or `SUPER_AGENTS_HOME`), never in
 * a project.
 * @module
 */

import { join } from "node:path";
import type { Context } from "../context.ts";

/** The files of the credential store. */
export interface SecretPaths {
  /** The per-user data directory (created 0700). */
  dir: string;
  /** The random per-user key of the encrypted file (0600). */
  key: string;
  /** The encrypted secrets (AES-256-GCM, 0600). */
  store: string;
  /** Names and backends of stored secrets, never values (0600). */
  index: string;
  /** Lock taken by every change to the store. */
  lock: string;
}

/**
 * The credential store's paths for this context's user.
 *
 * @example
 * ```ts
 * secretPaths(ctx).store; // /home/me/.super-agents/secrets.enc
 * ```
 */
export function secretPaths(ctx: Pick<Context, "dataHome">): SecretPaths {
  return {
    dir: ctx.dataHome,
    key: join(ctx.dataHome, "secret.key"),
    store: join(ctx.dataHome, "secrets.enc"),
    index: join(ctx.dataHome, "secrets.index.json"),
    lock: join(ctx.dataHome, "locks", "secrets.lock"),
  };
}

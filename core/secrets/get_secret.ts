/**
 * How other code obtains a credential: {@linkcode getSecret} looks in the
 * environment first, then in the per-user store (auditing each use from the
 * store); {@linkcode withStoredSecrets} gives a context whose `env` falls
 * back to the store for a few names, for code that reads credentials
 * through `ctx.env`.
 * @module
 */

import { recordAudit } from "../audit/record_audit.ts";
import type { Context } from "../context.ts";
import { readStoredSecret } from "./secret_store.ts";
import { secretPaths } from "./secret_paths.ts";

/**
 * The credential `name`: the environment variable of that name when set,
 * else the stored secret, else `undefined`.
 *
 * @example
 * ```ts
 * const apiKey = await getSecret(ctx, "ANTHROPIC_API_KEY");
 * if (!apiKey) throw new Error("set ANTHROPIC_API_KEY or `super-agents secrets set ANTHROPIC_API_KEY`");
 * ```
 */
export async function getSecret(ctx: Context, name: string): Promise<string | undefined> {
  const fromEnv = ctx.env(name);
  if (fromEnv) return fromEnv;
  if (!(await storeExists(ctx))) return undefined;
  const stored = await readStoredSecret(ctx, name);
  if (!stored) return undefined;
  await recordAudit(ctx, {
    action: "secret.use",
    target: name,
    details: { backend: stored.backend },
  });
  return stored.value;
}

/**
 * A copy of `ctx` whose `env(name)` also answers the given names from the
 * store (resolved once, now). Other names read the environment as before.
 *
 * @example
 * ```ts
 * ctx = await withStoredSecrets(ctx, ["ANTHROPIC_API_KEY"]);
 * ctx.env("ANTHROPIC_API_KEY"); // from the environment, or from `secrets set`
 * ```
 */
export async function withStoredSecrets(ctx: Context, names: readonly string[]): Promise<Context> {
  const resolved = new Map<string, string>();
  for (const name of names) {
    if (ctx.env(name)) continue;
    const value = await getSecret(ctx, name);
    if (value !== undefined) resolved.set(name, value);
  }
  if (resolved.size === 0) return ctx;
  return { ...ctx, env: (name) => ctx.env(name) || resolved.get(name) };
}

/** Whether anything was ever stored (no keychain probe, no key creation otherwise). */
async function storeExists(ctx: Pick<Context, "dataHome">): Promise<boolean> {
  const paths = secretPaths(ctx);
  for (const path of [paths.index, paths.store]) {
    try {
      await Deno.stat(path);
      return true;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return false;
}

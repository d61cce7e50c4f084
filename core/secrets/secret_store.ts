/**
 * The per-user credential store: set, read, remove and list secrets in the
 * OS keychain when one answers, otherwise in the encrypted file. A small
 * index (`secrets.index.json`, 0600) records each name's backend and update
 * time, never a value, so `list` works for every backend. Every change
 * happens under one flock; the store's directory must not lie inside a
 * project, so a secret can never land in a repository.
 * @module
 */

import { writeJsonAtomic } from "../atomic_file.ts";
import type { Context } from "../context.ts";
import { z } from "../deps.ts";
import { SuperAgentsError } from "../errors.ts";
import { withFileLock } from "../file_lock.ts";
import { readTextIfExists } from "../fs/read_text_if_exists.ts";
import { findProjectRoot } from "../paths.ts";
import { isInside } from "../safe_path.ts";
import {
  fileSecretNames,
  readFileSecret,
  removeFileSecret,
  writeFileSecret,
} from "./encrypted_file.ts";
import { detectKeychain, type Keychain, macKeychain, secretTool } from "./keychain.ts";
import { parseSecretName } from "./secret_name.ts";
import { type SecretPaths, secretPaths } from "./secret_paths.ts";

/** Where a secret is kept. */
export const BackendNameSchema = z.enum(["file", "secret-tool", "security"]);
/** Where a secret is kept. */
export type BackendName = z.infer<typeof BackendNameSchema>;

const IndexSchema = z.object({
  version: z.literal(1),
  secrets: z.record(
    z.string(),
    z.object({ backend: BackendNameSchema, updatedAt: z.number().int().nonnegative() }),
  ),
});
type Index = z.infer<typeof IndexSchema>;

/** One line of `secrets list`. */
export interface SecretListing {
  name: string;
  backend: BackendName;
  updatedAt: number;
}

const keychains: Record<Exclude<BackendName, "file">, Keychain> = {
  "secret-tool": secretTool,
  security: macKeychain,
};

/**
 * The backend new secrets go to: `SUPER_AGENTS_SECRETS_BACKEND` (`file`,
 * `keychain` or `auto`, the default), where `auto` picks a reachable
 * keychain and falls back to the encrypted file.
 */
export async function writeBackend(ctx: Pick<Context, "env">): Promise<BackendName> {
  const wanted = ctx.env("SUPER_AGENTS_SECRETS_BACKEND") ?? "auto";
  if (wanted === "file") return "file";
  if (wanted !== "keychain" && wanted !== "auto") {
    throw new SuperAgentsError(
      "SECRETS_BACKEND_INVALID",
      `SUPER_AGENTS_SECRETS_BACKEND="${wanted}" is not a backend`,
      { hint: "use file, keychain or auto", exitCode: 2 },
    );
  }
  const keychain = await detectKeychain(ctx.env);
  if (keychain) return keychain.name;
  if (wanted === "keychain") {
    throw new SuperAgentsError("KEYCHAIN_UNAVAILABLE", "no OS keychain answers on this machine", {
      hint: "install and unlock one (secret-tool needs a secret service on the session bus), " +
        "or use the encrypted file: SUPER_AGENTS_SECRETS_BACKEND=file",
    });
  }
  return "file";
}

/** Stores `value` as `name`; resolves with the backend that holds it. */
export async function setSecret(ctx: Context, name: string, value: string): Promise<BackendName> {
  parseSecretName(name);
  if (value.length === 0) {
    throw new SuperAgentsError("SECRET_EMPTY", `the value of "${name}" is empty`, {
      hint: 'pipe the value in (printf %s "$KEY" | super-agents secrets set NAME) or type it',
      exitCode: 2,
    });
  }
  const paths = await storePaths(ctx);
  const backend = await writeBackend(ctx);
  await withFileLock(paths.lock, async () => {
    const index = await readIndex(paths);
    const previous = index.secrets[name]?.backend;
    if (backend === "file") await writeFileSecret(paths, name, value, ctx.now());
    else await keychains[backend].set(name, value);
    if (previous && previous !== backend) await removeFrom(paths, previous, name);
    index.secrets[name] = { backend, updatedAt: ctx.now() };
    await writeJsonAtomic(paths.index, index, { mode: 0o600 });
  });
  return backend;
}

/**
 * The stored value of `name` and its backend; `undefined` when not stored.
 *
 * @example
 * ```ts
 * const found = await readStoredSecret(ctx, "ANTHROPIC_API_KEY");
 * ```
 */
export async function readStoredSecret(
  ctx: Context,
  name: string,
): Promise<{ value: string; backend: BackendName } | undefined> {
  parseSecretName(name);
  const paths = secretPaths(ctx);
  const backend = (await readIndex(paths)).secrets[name]?.backend ?? "file";
  const value = backend === "file"
    ? await readFileSecret(paths, name)
    : await keychains[backend].get(name);
  return value === undefined ? undefined : { value, backend };
}

/** Removes `name`; resolves with the backend it was in, or `undefined` when absent. */
export async function removeSecret(ctx: Context, name: string): Promise<BackendName | undefined> {
  parseSecretName(name);
  const paths = secretPaths(ctx);
  return await withFileLock(paths.lock, async () => {
    const index = await readIndex(paths);
    const backend = index.secrets[name]?.backend ?? "file";
    const removed = await removeFrom(paths, backend, name);
    if (index.secrets[name]) {
      delete index.secrets[name];
      await writeJsonAtomic(paths.index, index, { mode: 0o600 });
    }
    return removed ? backend : undefined;
  });
}

/** Every stored name with its backend, sorted; never a value. */
export async function listSecrets(ctx: Pick<Context, "dataHome">): Promise<SecretListing[]> {
  const paths = secretPaths(ctx);
  const byName = new Map<string, SecretListing>();
  for (const { name, updatedAt } of await fileSecretNames(paths)) {
    byName.set(name, { name, backend: "file", updatedAt });
  }
  for (const [name, entry] of Object.entries((await readIndex(paths)).secrets)) {
    byName.set(name, { name, ...entry });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Moves `secrets.enc` and `secret.key` aside (`*.bak-<time>`, nothing is
 * deleted) so that the next `set` starts a new store with a new key.
 */
export async function resetSecretFile(ctx: Context): Promise<string[]> {
  const paths = secretPaths(ctx);
  return await withFileLock(paths.lock, async () => {
    const stamp = new Date(ctx.now()).toISOString().replace(/[:.]/g, "-");
    const moved: string[] = [];
    for (const path of [paths.store, paths.key]) {
      try {
        await Deno.rename(path, `${path}.bak-${stamp}`);
        moved.push(`${path}.bak-${stamp}`);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error; // nothing to move
      }
    }
    const index = await readIndex(paths);
    for (const [name, entry] of Object.entries(index.secrets)) {
      if (entry.backend === "file") delete index.secrets[name];
    }
    await writeJsonAtomic(paths.index, index, { mode: 0o600 });
    return moved;
  });
}

async function removeFrom(paths: SecretPaths, backend: BackendName, name: string) {
  return backend === "file"
    ? await removeFileSecret(paths, name)
    : await keychains[backend].remove(name);
}

async function readIndex(paths: SecretPaths): Promise<Index> {
  const text = await readTextIfExists(paths.index);
  if (text === undefined) return { version: 1, secrets: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined; // reported below
  }
  const parsed = IndexSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SuperAgentsError("SECRET_INDEX_CORRUPT", `${paths.index} is damaged`, {
      hint: `move it aside (mv ${paths.index} ${paths.index}.bad); ` +
        "secrets in the encrypted file are still listed from secrets.enc",
    });
  }
  return parsed.data;
}

/** The store's paths, after refusing a data home inside the current project. */
async function storePaths(ctx: Context): Promise<SecretPaths> {
  const paths = secretPaths(ctx);
  const root = findProjectRoot(ctx.cwd, ctx.home);
  if (root && (await isInside(root, paths.dir))) {
    throw new SuperAgentsError(
      "SECRETS_IN_PROJECT",
      `the credential store ${paths.dir} is inside the project ${root}; secrets never go into a project`,
      { hint: "point SUPER_AGENTS_HOME outside the repository (default ~/.super-agents)" },
    );
  }
  await Deno.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  return paths;
}

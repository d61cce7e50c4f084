/**
 * The trust store: which agent grants the user accepted for a project, kept
 * outside the repository (so neither an agent with a write grant nor a
 * merged branch can edit it) in `~/.super-agents/trust/<hash>.json`, one
 * file per project keyed by the SHA-256 of the project's real root path.
 * Each record holds the agent's effective permissions, their digest and
 * when they were trusted. Changes happen under a flock with an atomic
 * write; a file read back is validated with zod and every record's digest
 * is checked, so a damaged or hand-edited store is a clear error naming the
 * file and the fix — never "trust everything".
 * @module
 */

import { join } from "node:path";
import { writeJsonAtomic } from "../../core/atomic_file.ts";
import { z } from "../../core/deps.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { withFileLock } from "../../core/file_lock.ts";
import { readJsonFile } from "../../core/fs/read_json_file.ts";
import { sha256Hex } from "../../core/sha256.ts";
import {
  type EffectivePermissions,
  EffectivePermissionsSchema,
  permissionsDigest,
} from "./effective_permissions.ts";

/** One trusted agent. */
export const TrustRecordSchema = z.strictObject({
  /** `sha256:<hex>` of the canonical JSON of `permissions`. */
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, "sha256:<64 hex digits>"),
  permissions: EffectivePermissionsSchema,
  /** ISO time the user trusted these grants. */
  trustedAt: z.string().min(1),
  /** The agent file they were read from, relative to the project root. */
  file: z.string(),
});

/** A project's trust file. */
export const TrustFileSchema = z.strictObject({
  version: z.literal(1),
  /** The project's real root path (the file's name is its hash). */
  root: z.string().min(1),
  agents: z.record(z.string(), TrustRecordSchema),
});

/** One trusted agent. */
export type TrustRecord = z.infer<typeof TrustRecordSchema>;
/** A project's trust file. */
export type TrustFile = z.infer<typeof TrustFileSchema>;

/** Where a project's trust file is. */
export interface TrustStoreLocation {
  /** The trust file. */
  path: string;
  /** The project's real root path. */
  root: string;
}

/** What {@linkcode recordTrust} stores for one agent. */
export interface TrustEntry {
  name: string;
  permissions: EffectivePermissions;
  file: string;
}

/**
 * The trust file of the project at `root`, under `dataHome` (`~/.super-agents`).
 *
 * @example
 * ```ts
 * const store = await trustStoreLocation(ctx.dataHome, paths.root);
 * store.path; // ~/.super-agents/trust/3f1c….json
 * ```
 */
export async function trustStoreLocation(
  dataHome: string,
  root: string,
): Promise<TrustStoreLocation> {
  const real = await Deno.realPath(root);
  return { path: join(dataHome, "trust", `${sha256Hex(real).slice(0, 32)}.json`), root: real };
}

function invalid(path: string, problem: string): SuperAgentsError {
  return new SuperAgentsError("TRUST_STORE_INVALID", `trust store ${path} ${problem}`, {
    hint: `delete ${path}, review the grants with \`super-agents agents permissions\` and ` +
      "trust the agents again with `super-agents agents trust <name>`",
    details: { file: path },
  });
}

/**
 * Reads and validates a project's trust file; an empty store when there is none.
 *
 * @example
 * ```ts
 * const trusted = await readTrustStore(store);
 * trusted.agents["reviewer-agent"]?.permissions.run; // ["git", "sh"]
 * ```
 */
export async function readTrustStore(location: TrustStoreLocation): Promise<TrustFile> {
  const { path, root } = location;
  const raw = await readJsonFile(path, (error) => invalid(path, `is not JSON (${error.message})`));
  if (raw === undefined) return { version: 1, root, agents: {} };
  const result = TrustFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalid(path, `key "${issue.path.join(".") || "(root)"}": ${issue.message}`);
  }
  const file = result.data;
  if (file.root !== root) {
    throw invalid(path, `belongs to ${file.root}, not to ${root}`);
  }
  for (const [name, record] of Object.entries(file.agents)) {
    if (permissionsDigest(record.permissions) !== record.digest) {
      throw invalid(path, `records grants for ${name} that do not match their digest`);
    }
  }
  return file;
}

/**
 * Records (or replaces) the trusted grants of `entries` under the store's lock.
 *
 * @example
 * ```ts
 * await recordTrust(store, [{ name, permissions: effectivePermissions(agent), file }], now);
 * ```
 */
export async function recordTrust(
  location: TrustStoreLocation,
  entries: TrustEntry[],
  now: Date,
): Promise<TrustFile> {
  return await withFileLock(`${location.path}.lock`, async () => {
    const file = await readTrustStore(location);
    for (const entry of entries) {
      file.agents[entry.name] = {
        digest: permissionsDigest(entry.permissions),
        permissions: entry.permissions,
        trustedAt: now.toISOString(),
        file: entry.file,
      };
    }
    await writeJsonAtomic(location.path, TrustFileSchema.parse(file));
    return file;
  });
}

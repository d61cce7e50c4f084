/**
 * Config schema versions. Every config file carries `schemaVersion`; a file
 * written for an older schema is migrated step by step on read (and written
 * back migrated by `config set`). A file from a newer super-agents is
 * refused with a clear error instead of being misread.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import { CONFIG_SCHEMA_VERSION } from "./schema.ts";

/** Upgrades a raw config file from version `n` to `n + 1`. */
export type ConfigMigration = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * The migrations, keyed by the version they upgrade from. Version 1 is the
 * first schema, so there are none yet; a change that renames or reshapes a
 * key bumps `CONFIG_SCHEMA_VERSION` and adds its step here.
 */
export const configMigrations: Record<number, ConfigMigration> = {};

/** A migrated file and whether anything changed. */
export interface MigrationResult {
  value: Record<string, unknown>;
  from: number;
  migrated: boolean;
}

/**
 * Brings a raw config file to the current schema version.
 *
 * @example
 * ```ts
 * const { value } = migrateConfig({ schemaVersion: 1, km: {} }, "config.json");
 * ```
 */
export function migrateConfig(
  raw: Record<string, unknown>,
  file: string,
  migrations: Record<number, ConfigMigration> = configMigrations,
  current: number = CONFIG_SCHEMA_VERSION,
): MigrationResult {
  const declared = raw.schemaVersion ?? current;
  if (typeof declared !== "number" || !Number.isInteger(declared) || declared < 1) {
    throw new SuperAgentsError(
      "CONFIG_INVALID",
      `${file}: key "schemaVersion": expected a positive integer, got ${JSON.stringify(declared)}`,
      {
        hint: `set "schemaVersion": ${current} in ${file}`,
        details: { file, key: "schemaVersion" },
      },
    );
  }
  if (declared > current) {
    throw new SuperAgentsError(
      "CONFIG_TOO_NEW",
      `${file} was written for config schema ${declared}; this super-agents understands up to ${current}`,
      {
        hint: "upgrade super-agents (`deno task install` from a newer checkout)",
        details: { file, key: "schemaVersion" },
      },
    );
  }
  let value = raw;
  for (let version = declared; version < current; version++) {
    const step = migrations[version];
    if (!step) {
      throw new SuperAgentsError(
        "CONFIG_NO_MIGRATION",
        `${file}: no migration from config schema ${version} to ${version + 1}`,
        { hint: `recreate ${file} with \`super-agents config set\``, details: { file } },
      );
    }
    value = { ...step(value), schemaVersion: version + 1 };
  }
  return { value, from: declared, migrated: declared !== current };
}

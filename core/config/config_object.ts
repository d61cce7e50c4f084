/**
 * A config file as a plain object, before validation: what `config set`,
 * `init`'s setup and the config editor read, change and write back. The
 * file is migrated to the current schema version on the way in; a missing
 * file is a fresh, empty one.
 * @module
 */

import { SuperAgentsError } from "../errors.ts";
import { readJsonFile } from "../fs/read_json_file.ts";
import { migrateConfig } from "./migrate.ts";
import { CONFIG_SCHEMA_VERSION } from "./schema.ts";

/**
 * A config file's object (migrated), or a fresh one when the file does not exist.
 * Invalid JSON or a non-object is a `CONFIG_INVALID` error: nothing is overwritten.
 *
 * @example
 * ```ts
 * const file = await readConfigObject(paths.config);
 * setDotted(file, "km.portMin", 6001);
 * await writeJsonAtomic(paths.config, file);
 * ```
 */
export async function readConfigObject(path: string): Promise<Record<string, unknown>> {
  const raw = await readJsonFile(
    path,
    (error) =>
      new SuperAgentsError("CONFIG_INVALID", `${path} is not valid JSON: ${error.message}`, {
        hint:
          `fix the JSON syntax in ${path} (\`super-agents config validate\` shows it), then retry`,
        details: { file: path },
      }),
  );
  if (raw === undefined) return { schemaVersion: CONFIG_SCHEMA_VERSION };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new SuperAgentsError("CONFIG_INVALID", `${path} is not a JSON object`, {
      hint: `make ${path} a JSON object ({}), then retry`,
      details: { file: path },
    });
  }
  return migrateConfig(raw as Record<string, unknown>, path).value;
}

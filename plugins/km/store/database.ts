/**
 * Opens `registry.db` with the settings every connection needs: WAL journal,
 * a busy timeout (writers from other processes wait instead of failing),
 * foreign keys, and the schema migrated to the current version. Errors come
 * back as `SuperAgentsError` naming the file and the fix.
 * @module
 */

import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SuperAgentsError } from "../../../core/errors.ts";
import { migrate } from "./migrations.ts";

/** Options for {@linkcode openRegistryDatabase}. */
export interface OpenDatabaseOptions {
  /** Milliseconds a writer waits for another process's lock (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) and migrates the registry database.
 *
 * @example
 * ```ts
 * const db = await openRegistryDatabase(join(paths.registry, "registry.db"));
 * ```
 */
export async function openRegistryDatabase(
  path: string,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseSync> {
  let db: DatabaseSync;
  try {
    await Deno.mkdir(dirname(path), { recursive: true });
    db = new DatabaseSync(path);
  } catch (error) {
    throw new SuperAgentsError("KM_DB_OPEN", `cannot open ${path}: ${(error as Error).message}`, {
      hint: `check that ${dirname(path)} exists and is writable`,
      cause: error,
    });
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    migrate(db);
  } catch (error) {
    db.close();
    throw new SuperAgentsError(
      "KM_DB_MIGRATE",
      `cannot prepare ${path}: ${(error as Error).message}`,
      {
        hint: "if the file is damaged, move it aside and run `super-agents restart` " +
          "(a new empty registry is created)",
        cause: error,
      },
    );
  }
  return db;
}

/**
 * Doctor check: `PRAGMA integrity_check` on the project's SQLite databases
 * (the KM registry and the task queue), opened read-only so a running KM or
 * worker is not disturbed. A damaged database is never "fixed" by doctor:
 * the fix names how to move it aside and recover what is left.
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { errorMessage } from "../../core/errors.ts";
import { registryDbPath } from "../km/registry_path.ts";
import { defineCheck, type Finding } from "./check.ts";

const id = "database";

/** The integrity verdict of one database file: "ok" or the problems SQLite reports. */
export function integrityOf(path: string): string {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true });
    const rows = db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join("; ");
  } catch (error) {
    return errorMessage(error); // e.g. "file is not a database": the verdict itself
  } finally {
    db?.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** The check. */
export const check = defineCheck({
  id,
  title: "databases pass PRAGMA integrity_check",
  async run(env) {
    if (!env.paths) return [];
    const findings: Finding[] = [];
    const databases = [
      { name: "KM registry", path: registryDbPath(env.paths), restart: "super-agents start" },
      {
        name: "task queue",
        path: join(env.paths.state, "queue.db"),
        restart: "super-agents worker",
      },
    ];
    for (const db of databases) {
      if (!(await exists(db.path))) continue;
      const verdict = integrityOf(db.path);
      findings.push(
        verdict === "ok"
          ? { check: id, severity: "ok", message: `${db.name} ${db.path} is intact` }
          : {
            check: id,
            severity: "error",
            message: `${db.name} ${db.path} is damaged: ${verdict.slice(0, 300)}`,
            fix: `super-agents stop; mv ${db.path} ${db.path}.corrupt; ` +
              `sqlite3 ${db.path}.corrupt .recover | sqlite3 ${db.path}   (or just \`${db.restart}\` to start empty)`,
          },
      );
    }
    if (findings.length === 0) {
      findings.push({ check: id, severity: "ok", message: "no databases yet" });
    }
    return findings;
  },
});

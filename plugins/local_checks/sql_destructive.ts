/**
 * Destructive statements in SQL migrations: `DROP TABLE`, `DROP SCHEMA` or
 * `DATABASE`, `TRUNCATE`, and `ALTER TABLE ... DROP` (columns, constraints).
 * In a modified migration only statements that were not there before count;
 * down migrations (`*.down.sql`, `down.sql`) are destructive by design and
 * skipped.
 * @module
 */

import { lineLocator, textOf } from "./file_text.ts";
import type { ChangedFile, Finding } from "./types.ts";

const MIGRATION = /(?:^|\/)(?:migrations?|migrate|schema)\/.*\.sql$|migration[^/]*\.sql$/i;
const DOWN = /(?:^|[/._-])down(?:[._-][^/]*)?\.sql$/i;
const STATEMENT =
  /\b(DROP\s+(?:TABLE|SCHEMA|DATABASE|VIEW|INDEX)\b[^;]*|TRUNCATE\b[^;]*|ALTER\s+TABLE\b[^;]*?\bDROP\b[^;]*)/gi;

/** True for SQL files under a migrations folder (and not down migrations). */
export function isMigrationPath(path: string): boolean {
  return MIGRATION.test(path) && !DOWN.test(path);
}

/** SQL with comments blanked (same length, so offsets keep their lines). */
function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "));
}

function statements(sql: string): { text: string; index: number }[] {
  return [...withoutComments(sql).matchAll(STATEMENT)].map((m) => ({
    text: m[1].replace(/\s+/g, " ").trim(),
    index: m.index,
  }));
}

/**
 * Findings for one migration file: each destructive statement it adds.
 *
 * @example
 * ```ts
 * sqlFindings(file); // [{ rule: "destructive-migration", line: 3, message: "DROP TABLE users ..." }]
 * ```
 */
export function sqlFindings(file: ChangedFile): Finding[] {
  if (file.status === "D") return [];
  const text = textOf(file.content);
  if (text === undefined) return [];
  const before = new Map<string, number>();
  for (const { text: statement } of statements(textOf(file.previous) ?? "")) {
    before.set(statement.toUpperCase(), (before.get(statement.toUpperCase()) ?? 0) + 1);
  }
  const line = lineLocator(text);
  const findings: Finding[] = [];
  for (const { text: statement, index } of statements(text)) {
    const key = statement.toUpperCase();
    const seen = before.get(key) ?? 0;
    if (seen > 0) {
      before.set(key, seen - 1);
      continue;
    }
    findings.push({
      file: file.path,
      line: line(index),
      rule: "destructive-migration",
      check: "contract-guardian-check",
      severity: "error",
      message: `destructive migration: ${statement.slice(0, 80)}`,
      fix: "migrate in steps (stop using it, deploy, then drop in a later release) and back up " +
        "the data; if this is intended, commit with SUPER_AGENTS_SKIP=contract-guardian-check",
    });
  }
  return findings;
}

/**
 * Schema migrations of `registry.db`, applied in order on open. The database
 * records how many have run in `PRAGMA user_version`; each migration runs in
 * the same immediate transaction that bumps it, so two processes opening the
 * database at once cannot both apply one.
 * @module
 */

import type { DatabaseSync } from "node:sqlite";

/** Migration `i` moves the schema from version `i` to `i + 1`. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE knowledge (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'note',
    task TEXT,
    tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    content_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE INDEX knowledge_type_task ON knowledge(type, task);
  CREATE VIRTUAL TABLE knowledge_fts USING fts5(
    title, content, tags, content='knowledge', content_rowid='id',
    tokenize='porter unicode61'
  );
  CREATE TRIGGER knowledge_ai AFTER INSERT ON knowledge BEGIN
    INSERT INTO knowledge_fts(rowid, title, content, tags)
    VALUES (new.id, new.title, new.content, new.tags);
  END;
  CREATE TRIGGER knowledge_ad AFTER DELETE ON knowledge BEGIN
    INSERT INTO knowledge_fts(knowledge_fts, rowid, title, content, tags)
    VALUES ('delete', old.id, old.title, old.content, old.tags);
  END;
  CREATE TABLE knowledge_vectors (
    id INTEGER PRIMARY KEY REFERENCES knowledge(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
  );
  CREATE TABLE files (
    path TEXT PRIMARY KEY,
    component TEXT,
    owner_agent TEXT,
    hash TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX files_component ON files(component);
  CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    component TEXT NOT NULL,
    version TEXT NOT NULL,
    spec TEXT NOT NULL CHECK (json_valid(spec)),
    created_at TEXT NOT NULL,
    UNIQUE (component, version)
  );
  CREATE TABLE adrs (
    number INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL
      CHECK (status IN ('proposed', 'accepted', 'deprecated', 'superseded')),
    context TEXT NOT NULL,
    decision TEXT NOT NULL,
    consequences TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
];

/** Applies every migration newer than the database's `user_version`. */
export function migrate(db: DatabaseSync): number {
  db.exec("BEGIN IMMEDIATE");
  try {
    const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
    let version = row.user_version;
    if (version > MIGRATIONS.length) {
      throw new Error(
        `registry.db has schema version ${version}, newer than this program knows ` +
          `(${MIGRATIONS.length}); upgrade super-agents`,
      );
    }
    for (; version < MIGRATIONS.length; version++) db.exec(MIGRATIONS[version]);
    db.exec(`PRAGMA user_version = ${version}`);
    db.exec("COMMIT");
    return version;
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}

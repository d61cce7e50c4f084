/**
 * `KnowledgeStore`: the project's knowledge base in `.claude/registry/registry.db`,
 * usable directly by any command (no server needed) and served over HTTP by
 * the KM. Knowledge items are deduplicated by content hash and searched with
 * FTS5/BM25 (title weighted above tags above content, filters by type and
 * task, cost bounded as `knowledge_ranker.ts` explains); hot searches are answered from a small LRU cache that every write
 * clears. The file registry, API contracts and ADRs live in
 * `registry_tables.ts`. Every failed statement becomes a `SuperAgentsError`
 * the caller sees.
 * @module
 */

import type { DatabaseSync, StatementSync } from "node:sqlite";
import { SuperAgentsError } from "../../../core/errors.ts";
import { sha256Hex } from "../../../core/sha256.ts";
import type { KnowledgeInput, ListKnowledgeInput, SearchInput } from "../schemas.ts";
import { openRegistryDatabase } from "./database.ts";
import type { EmbeddingProvider } from "./embeddings.ts";
import { KnowledgeVectors } from "./knowledge_vectors.ts";
import { KnowledgeRanker } from "./knowledge_ranker.ts";
import { QueryCache } from "./query_cache.ts";
import { RegistryTables } from "./registry_tables.ts";
import { storeError } from "./store_error.ts";

/** A stored knowledge item. */
export interface KnowledgeItem {
  id: number;
  title: string;
  content: string;
  type: string;
  task: string | null;
  tags: string[];
  contentHash: string;
  createdAt: string;
}

/** A search hit: the item and its BM25 score (lower is better, as SQLite reports it). */
export interface SearchHit {
  item: KnowledgeItem;
  score: number;
}

/** Options for {@linkcode KnowledgeStore.open}. */
export interface KnowledgeStoreOptions {
  /** Clock for `created_at` (default `Date.now`). */
  now?: () => number;
  /** Entries in the search cache (default 256; 0 disables it). */
  cacheSize?: number;
  embeddings?: EmbeddingProvider;
}

interface KnowledgeRow {
  id: number;
  title: string;
  content: string;
  type: string;
  task: string | null;
  tags: string;
  content_hash: string;
  created_at: string;
  score?: number;
}

export { registryDbPath } from "../registry_path.ts";

/** The project's knowledge store. */
export class KnowledgeStore {
  /** The file registry, contracts and ADRs. */
  readonly registry: RegistryTables;
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #cache: QueryCache<SearchHit[]>;
  readonly #vectors?: KnowledgeVectors;
  readonly #ranker: KnowledgeRanker;
  #byIds?: StatementSync;

  private constructor(db: DatabaseSync, path: string, options: KnowledgeStoreOptions) {
    this.#db = db;
    this.path = path;
    this.#now = options.now ?? Date.now;
    this.#cache = new QueryCache(options.cacheSize ?? 256);
    this.#vectors = options.embeddings && new KnowledgeVectors(db, options.embeddings, {
      read: (what, fn) => this.#read(what, fn),
      write: (what, fn) => this.#write(what, fn),
    });
    this.registry = new RegistryTables(db, path, this.#now);
    this.#ranker = new KnowledgeRanker(db);
  }

  /**
   * Opens the store at a database path (created and migrated as needed).
   *
   * @example
   * ```ts
   * const store = await KnowledgeStore.open(registryDbPath(paths));
   * try {
   *   store.add({ title: "Auth", content: "JWT in cookies", type: "decision", tags: [] });
   *   console.log(store.search({ q: "jwt", limit: 5 })[0].item.title);
   * } finally {
   *   store.close();
   * }
   * ```
   */
  static async open(path: string, options: KnowledgeStoreOptions = {}): Promise<KnowledgeStore> {
    return new KnowledgeStore(await openRegistryDatabase(path), path, options);
  }

  /** Adds an item; an identical title+content returns the existing item. */
  add(input: KnowledgeInput): { item: KnowledgeItem; duplicate: boolean } {
    const hash = contentHash(input.title, input.content);
    const result = this.#write("add a knowledge item", () =>
      this.#db.prepare(
        `INSERT INTO knowledge (title, content, type, task, tags, content_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING`,
      ).run(
        input.title,
        input.content,
        input.type,
        input.task ?? null,
        JSON.stringify(input.tags),
        hash,
        new Date(this.#now()).toISOString(),
      ));
    const row = this.#read(
      "read a knowledge item",
      () => this.#db.prepare("SELECT * FROM knowledge WHERE content_hash = ?").get(hash),
    ) as unknown as
      | KnowledgeRow
      | undefined;
    if (!row) {
      throw new SuperAgentsError("KM_STORE_WRITE", `knowledge item vanished after insert`, {
        hint: "another process deleted it concurrently; retry",
      });
    }
    return { item: toItem(row), duplicate: result.changes === 0 };
  }

  /** One item, or `undefined`. */
  get(id: number): KnowledgeItem | undefined {
    const row = this.#read(
      "read a knowledge item",
      () => this.#db.prepare("SELECT * FROM knowledge WHERE id = ?").get(id),
    ) as KnowledgeRow | undefined;
    return row ? toItem(row) : undefined;
  }

  /** Deletes an item; `false` when there was none. */
  delete(id: number): boolean {
    const result = this.#write(
      "delete a knowledge item",
      () => this.#db.prepare("DELETE FROM knowledge WHERE id = ?").run(id),
    );
    return result.changes > 0;
  }

  /** Items newest first, filtered by type and task. */
  list(input: ListKnowledgeInput): KnowledgeItem[] {
    const rows = this.#read("list knowledge items", () =>
      this.#db.prepare(
        `SELECT * FROM knowledge WHERE (?1 IS NULL OR type = ?1) AND (?2 IS NULL OR task = ?2)
         ORDER BY id DESC LIMIT ?3 OFFSET ?4`,
      ).all(
        input.type ?? null,
        input.task ?? null,
        input.limit,
        input.offset,
      )) as unknown as KnowledgeRow[];
    return rows.map(toItem);
  }

  /**
   * Full-text search ranked by BM25. Items containing every word of the
   * query come first; when none does, items containing any of them are
   * ranked instead; very common words are stop words (`knowledge_ranker.ts`).
   * Query words are quoted as terms, so punctuation in the query can never be
   * an FTS5 syntax error.
   */
  search(input: SearchInput): SearchHit[] {
    const key = JSON.stringify([input.q, input.type, input.task, input.limit]);
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const words = input.q.match(/[\p{L}\p{N}_]+/gu) ?? [];
    const ranked = this.#read("search knowledge", () => this.#ranker.rank(words, input));
    const items = this.#itemsById(ranked.map((hit) => hit.id));
    const hits = ranked.map((hit) => ({ item: items.get(hit.id)!, score: hit.score }));
    this.#cache.set(key, hits);
    return hits;
  }

  #itemsById(ids: number[]): Map<number, KnowledgeItem> {
    if (ids.length === 0) return new Map();
    // One statement for any number of ids (prepared once; a search runs it every time).
    this.#byIds ??= this.#db.prepare(
      "SELECT * FROM knowledge WHERE id IN (SELECT value FROM json_each(?))",
    );
    const byIds = this.#byIds;
    const rows = this.#read(
      "read knowledge items",
      () => byIds.all(JSON.stringify(ids)),
    ) as unknown as KnowledgeRow[];
    return new Map(rows.map((row) => [row.id, toItem(row)]));
  }

  /**
   * Computes embeddings for items that lack one (for the configured model).
   * Returns how many were embedded; 0 without an embeddings provider.
   */
  indexEmbeddings(batchSize = 32): Promise<number> {
    return this.#vectors?.index(batchSize) ?? Promise.resolve(0);
  }

  /** Items most similar to `query` by embedding (cosine), best first. */
  async similar(query: string, limit = 10): Promise<{ item: KnowledgeItem; similarity: number }[]> {
    if (!this.#vectors) {
      throw new SuperAgentsError("KM_NO_EMBEDDINGS", "no embeddings provider is configured", {
        hint: "use search() for full-text search, or open the store with an embeddings provider",
      });
    }
    const nearest = await this.#vectors.nearest(query, limit);
    return nearest.map(({ id, similarity }) => ({ item: this.get(id)!, similarity }));
  }

  /** Row counts of every table, for `/status` and `/metrics`. */
  counts(): Record<"knowledge" | "files" | "contracts" | "adrs", number> {
    return this.#read("count rows", () => {
      const count = (table: string) =>
        (this.#db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        knowledge: count("knowledge"),
        files: count("files"),
        contracts: count("contracts"),
        adrs: count("adrs"),
      };
    });
  }

  /** Whether the database answers a trivial query (`/ready`). */
  ping(): boolean {
    this.#db.prepare("SELECT 1").get();
    return true;
  }

  /** Search-cache counters. */
  cacheStats(): { size: number; hits: number; misses: number } {
    return this.#cache.stats();
  }

  /** Closes the database. */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }

  #write<T extends { changes: number | bigint }>(what: string, fn: () => T): T {
    this.#cache.clear();
    this.#ranker.forget();
    try {
      return fn();
    } catch (error) {
      throw storeError("KM_STORE_WRITE", what, this.path, error);
    }
  }

  #read<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw storeError("KM_STORE_READ", what, this.path, error);
    }
  }
}

/** SHA-256 (hex) of an item's title and content: the dedup key. */
export function contentHash(title: string, content: string): string {
  return sha256Hex(title.trim() + "\0" + content);
}

function toItem(row: KnowledgeRow): KnowledgeItem {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    type: row.type,
    task: row.task,
    tags: JSON.parse(row.tags) as string[],
    contentHash: row.content_hash,
    createdAt: row.created_at,
  };
}

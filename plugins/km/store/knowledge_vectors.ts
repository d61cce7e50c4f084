/**
 * Embedding vectors of knowledge items, for a store opened with an
 * embeddings provider: computing the missing ones in batches and finding the
 * items nearest to a query (cosine similarity over every stored vector of
 * the provider's model).
 * @module
 */

import type { DatabaseSync } from "node:sqlite";
import {
  bytesToVector,
  cosineSimilarity,
  type EmbeddingProvider,
  vectorToBytes,
} from "./embeddings.ts";

/** How the store runs statements: errors name what was being done and the file. */
export interface StoreAccess {
  read<T>(what: string, fn: () => T): T;
  write<T extends { changes: number | bigint }>(what: string, fn: () => T): T;
}

/** The vectors of one store and one embeddings model. */
export class KnowledgeVectors {
  readonly #db: DatabaseSync;
  readonly #provider: EmbeddingProvider;
  readonly #access: StoreAccess;

  constructor(db: DatabaseSync, provider: EmbeddingProvider, access: StoreAccess) {
    this.#db = db;
    this.#provider = provider;
    this.#access = access;
  }

  /** Embeds items that have no vector for the model yet; returns how many. */
  async index(batchSize: number): Promise<number> {
    const provider = this.#provider;
    let total = 0;
    while (true) {
      const rows = this.#access.read("find items to embed", () =>
        this.#db.prepare(
          `SELECT k.id, k.title, k.content FROM knowledge k
           LEFT JOIN knowledge_vectors v ON v.id = k.id AND v.model = ?
           WHERE v.id IS NULL LIMIT ?`,
        ).all(provider.model, batchSize)) as { id: number; title: string; content: string }[];
      if (rows.length === 0) return total;
      const vectors = await provider.embed(rows.map((row) => `${row.title}\n${row.content}`));
      this.#access.write("store embeddings", () => {
        const insert = this.#db.prepare(
          "INSERT OR REPLACE INTO knowledge_vectors (id, model, vector) VALUES (?, ?, ?)",
        );
        rows.forEach((row, i) => insert.run(row.id, provider.model, vectorToBytes(vectors[i])));
        return { changes: rows.length };
      });
      total += rows.length;
    }
  }

  /** Ids of the items nearest to `query`, most similar first. */
  async nearest(query: string, limit: number): Promise<{ id: number; similarity: number }[]> {
    const [target] = await this.#provider.embed([query]);
    const rows = this.#access.read(
      "read embeddings",
      () =>
        this.#db.prepare("SELECT id, vector FROM knowledge_vectors WHERE model = ?")
          .all(this.#provider.model),
    ) as { id: number; vector: Uint8Array }[];
    return rows
      .map((row) => ({
        id: row.id,
        similarity: cosineSimilarity(target, bytesToVector(row.vector)),
      }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit);
  }
}

/**
 * BM25 ranking of knowledge items over the FTS5 index, with bounded cost.
 * FTS5's `bm25()` scans the whole doclist of every query word once (for its
 * IDF) and then scores every matching row (~1.5 µs a row) before it can sort:
 * on 10,000 items a query of two words found in 94-99 % of them took 12-18 ms.
 * Two rules bound that, each chosen to cost little relevance:
 * - Stop words. A word found in more than half of the items gets no weight
 *   from BM25 (its IDF is clamped to ~0), so it only costs time. In a store of
 *   at least {@linkcode STOP_SAMPLE} items, words found in more than half of
 *   the newest {@linkcode STOP_SAMPLE} are dropped from the query; a query made
 *   only of such words returns its matches newest first (score 0).
 * - A window. When more than {@linkcode RANK_WINDOW} items match every word,
 *   BM25 ranks only the newest {@linkcode RANK_WINDOW} of them (recency is the
 *   better prior for knowledge). A query with a rarer word is ranked exactly.
 * Which words are stop words is remembered until the store writes again
 * (`forget`), like the store's result cache: a word's share of the newest
 * items cannot change without a write, and checking it cost two statements
 * per query word (~0.1 ms each on 10,000 items).
 * Statements are prepared once per store.
 * @module
 */

import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Matches beyond which only the newest are ranked (200 rows of BM25 ≈ 0.3 ms). */
export const RANK_WINDOW = 200;

/** How many of the newest items decide whether a word is a stop word. */
export const STOP_SAMPLE = 200;

/** Words whose stop-word verdict is remembered at most (then all are forgotten). */
const MAX_VERDICTS = 10_000;

/** One ranked hit: the item id and its BM25 score (lower is better; 0 when by recency). */
export interface RankedId {
  id: number;
  score: number;
}

/** Filters and size of one ranking. */
export interface RankOptions {
  type?: string;
  task?: string;
  limit: number;
}

const SCORE = "bm25(knowledge_fts, 10.0, 1.0, 4.0)";
const FILTERED = `rowid IN (SELECT id FROM knowledge
  WHERE (?2 IS NULL OR type = ?2) AND (?3 IS NULL OR task = ?3))`;
// The unfiltered form skips the subquery; `?2`/`?3` are bound in both for one bind list.
const UNFILTERED = "?2 IS NULL AND ?3 IS NULL";

/** Ranks FTS5 matches of the knowledge table. */
export class KnowledgeRanker {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** The newest sample and each word's stop-word verdict, valid until the next write. */
  #sample?: { first: number | null; n: number; verdicts: Map<string, boolean> };

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Forgets what it learnt of the items (call on every write to the store). */
  forget(): void {
    this.#sample = undefined;
  }

  /**
   * The best `limit` items containing every word (or, when none does, any
   * word), optionally only of one type and/or task, best first.
   *
   * @example
   * ```ts
   * const best = new KnowledgeRanker(db).rank(["retry", "backoff"], { limit: 10 });
   * ```
   */
  rank(words: string[], options: RankOptions): RankedId[] {
    const terms = [...new Set(words)].map((word) => `"${word.replaceAll('"', '""')}"`);
    if (terms.length === 0) return [];
    const stop = this.#stopWords(terms);
    const content = terms.filter((term) => !stop.has(term));
    const order = content.length > 0 ? "bm25" : "recency";
    const used = content.length > 0 ? content : terms;
    let ranked = this.#ranked(used.join(" "), order, options);
    if (ranked.length === 0 && used.length > 1) {
      ranked = this.#ranked(used.join(" OR "), order, options);
    }
    return ranked;
  }

  /** Terms found in more than half of the newest items (none in a small store). */
  #stopWords(terms: string[]): Set<string> {
    if (!this.#sample || this.#sample.verdicts.size > MAX_VERDICTS) {
      const newest = this.#statement(
        `SELECT min(id) AS first, count(*) AS n FROM
           (SELECT id FROM knowledge ORDER BY id DESC LIMIT ${STOP_SAMPLE})`,
      ).get() as { first: number | null; n: number };
      this.#sample = { ...newest, verdicts: new Map() };
    }
    const { first, n, verdicts } = this.#sample;
    if (n < STOP_SAMPLE) return new Set();
    // Newest matches first, stopping after the sample: a `rowid >=` bound alone scans the
    // whole doclist of a common word (1 ms on 10,000 items), this reads at most 200 entries.
    const share = this.#statement(
      `SELECT count(*) AS n FROM (SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH ?1
         ORDER BY rowid DESC LIMIT ${STOP_SAMPLE}) WHERE rowid >= ?2`,
    );
    return new Set(terms.filter((term) => {
      let stop = verdicts.get(term);
      if (stop === undefined) {
        const { n } = share.get(term, first) as { n: number };
        verdicts.set(term, stop = n * 2 > STOP_SAMPLE);
      }
      return stop;
    }));
  }

  #ranked(match: string, order: "bm25" | "recency", options: RankOptions): RankedId[] {
    const filter = options.type !== undefined || options.task !== undefined ? FILTERED : UNFILTERED;
    const args = [match, options.type ?? null, options.task ?? null] as const;
    if (order === "recency") {
      return this.#statement(
        `SELECT rowid AS id, 0 AS score FROM knowledge_fts
         WHERE knowledge_fts MATCH ?1 AND ${filter} ORDER BY rowid DESC LIMIT ?4`,
      ).all(...args, options.limit) as unknown as RankedId[];
    }
    const matching = this.#statement(
      `SELECT count(*) AS n FROM
         (SELECT 1 FROM knowledge_fts WHERE knowledge_fts MATCH ?1 AND ${filter} LIMIT ?4)`,
    ).get(...args, RANK_WINDOW + 1) as { n: number };
    if (matching.n <= RANK_WINDOW) {
      return this.#statement(
        `SELECT rowid AS id, ${SCORE} AS score FROM knowledge_fts
         WHERE knowledge_fts MATCH ?1 AND ${filter} ORDER BY score, rowid LIMIT ?4`,
      ).all(...args, options.limit) as unknown as RankedId[];
    }
    return this.#statement(
      `SELECT rowid AS id, ${SCORE} AS score FROM knowledge_fts
       WHERE knowledge_fts MATCH ?1 AND ${filter} AND rowid >= (SELECT min(rowid) FROM
         (SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH ?1 AND ${filter}
          ORDER BY rowid DESC LIMIT ?5))
       ORDER BY score, rowid LIMIT ?4`,
    ).all(...args, options.limit, RANK_WINDOW) as unknown as RankedId[];
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

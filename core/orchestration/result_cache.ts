/**
 * The result cache: a job's result stored under the sha256 of its agent,
 * the agent's version and its input (canonical JSON, so key order does not
 * matter). A later job with the same key completes from the cache without
 * running. Lives in queue.db, shared by every worker of the project.
 * @module
 */

import { createHash } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { canonicalJson } from "../events/canonical_json.ts";

/** The cache key of a job. */
export function cacheKey(agent: string, version: string, input: unknown): string {
  return createHash("sha256").update(canonicalJson([agent, version, input ?? null])).digest("hex");
}

/** A stored result. */
export interface CachedResult {
  result: unknown;
  createdAt: number;
}

/** The result cache of one project. */
export class ResultCache {
  constructor(readonly db: DatabaseSync, readonly now: () => number = () => Date.now()) {}

  /** The cached result under `key` (and counts the hit), or undefined. */
  get(key: string): CachedResult | undefined {
    const row = this.db.prepare(
      "UPDATE result_cache SET hits = hits + 1 WHERE key = ? RETURNING result, created_at",
    ).get(key) as { result: string; created_at: number } | undefined;
    return row && { result: JSON.parse(row.result), createdAt: row.created_at };
  }

  /** Stores a result (replacing an older one with the same key). */
  put(key: string, agent: string, version: string, result: unknown): void {
    this.db.prepare(
      `INSERT INTO result_cache (key, agent, version, result, created_at) VALUES (?,?,?,?,?)
       ON CONFLICT (key) DO UPDATE SET result = excluded.result, created_at = excluded.created_at`,
    ).run(key, agent, version, JSON.stringify(result ?? null), this.now());
  }

  /** Forgets results stored before `before` (epoch ms); returns how many. */
  prune(before: number): number {
    return Number(
      this.db.prepare("DELETE FROM result_cache WHERE created_at < ?").run(before).changes,
    );
  }

  /** Forgets every result of `agent` (or everything); returns how many. */
  clear(agent?: string): number {
    const statement = agent === undefined
      ? this.db.prepare("DELETE FROM result_cache")
      : this.db.prepare("DELETE FROM result_cache WHERE agent = ?");
    return Number((agent === undefined ? statement.run() : statement.run(agent)).changes);
  }
}

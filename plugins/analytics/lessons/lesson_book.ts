/**
 * Lessons from successful work: when a job succeeds, a short structured
 * lesson (the task, the approach from the agent's answer, the files it
 * names) is stored in the KM as a `lesson` knowledge item (so KM search and
 * the MCP tools find it too), with its standing and a full-text index of it
 * (one per agent, so a per-job recall stays well under a millisecond) kept
 * in the outcome history:
 * a score that starts at 1, rises when a reviewer or the tests pass the
 * work, and falls when the work fails downstream or a job that was given
 * the lesson fails. Similar later tasks of the same agent get the best few
 * (BM25, demoted lessons left out) in their
 * context, cited by id; the jobs that cited each lesson are remembered.
 * @module
 */

import type { StatementSync } from "node:sqlite";
import type { KnowledgeStore } from "../../km/store/knowledge_store.ts";
import type { OutcomeStore } from "../history/outcome_store.ts";
import { words } from "../selection/pick_agent.ts";

/** A lesson as the context shows it. */
export interface Recalled {
  id: string;
  text: string;
}

/** A lesson as `knowledge lessons` lists it. */
export interface LessonEntry {
  kmId: number;
  agent: string;
  kind: string;
  jobId: string;
  score: number;
  uses: number;
  title: string;
}

const FILE_PATTERN = /(?:^|[\s`'"(])((?:[\w.-]+\/)*[\w-]+\.[a-z]{1,5})(?=$|[\s`'",:;).])/g;

/** Share of the best lesson's relevance another lesson needs to be given too. */
const RELEVANCE = 0.5;

/**
 * An agent name as one full-text token (agent names are `[a-z0-9._-]`, which the
 * tokenizer would split): a bijective spelling with `x` as the escape letter.
 */
export function agentToken(agent: string): string {
  return agent.replaceAll("x", "xx").replaceAll("-", "xd").replaceAll(".", "xp")
    .replaceAll("_", "xu");
}

/** The id a context cites a lesson by. */
export function lessonId(kmId: number): string {
  return `lesson:${kmId}`;
}

/** Keeps, recalls and re-scores lessons; see the module doc. */
export class LessonBook {
  readonly #km: KnowledgeStore;
  readonly #store: OutcomeStore;
  readonly #now: () => number;
  #recall?: StatementSync;
  #cite?: StatementSync;
  #count?: StatementSync;
  #vocab?: StatementSync;

  constructor(km: KnowledgeStore, store: OutcomeStore, now: () => number) {
    this.#km = km;
    this.#store = store;
    this.#now = now;
  }

  /**
   * Stores the lesson of a job that succeeded; returns its KM id, or
   * undefined when the answer says nothing to learn from.
   */
  learn(
    job: { id: string; agent: string },
    kind: string,
    task: string,
    output: string,
  ): number | undefined {
    const approach = output.replace(/\s+/g, " ").trim().slice(0, 600);
    if (approach.length < 20) return undefined;
    const files = [...new Set([...output.matchAll(FILE_PATTERN)].map((m) => m[1]))].slice(0, 10);
    const title = `${job.agent} · ${kind}: ${task.replace(/\s+/g, " ").trim().slice(0, 120)}`;
    const content = [
      `Task: ${task.replace(/\s+/g, " ").trim().slice(0, 300)}`,
      `Approach: ${approach}`,
      ...(files.length ? [`Files: ${files.join(", ")}`] : []),
    ].join("\n");
    const { item } = this.#km.add({
      title,
      content,
      type: "lesson",
      task: job.id,
      tags: [job.agent, kind],
    });
    const text = `${title}\n${content}`;
    const inserted = this.#store.db.prepare(
      `INSERT OR IGNORE INTO lessons (km_id, agent, kind, job_id, score, uses, created_at, text)
       VALUES (?, ?, ?, ?, 1, 0, ?, ?)`,
    ).run(item.id, job.agent, kind, job.id, this.#now(), text);
    if (inserted.changes) {
      this.#store.db.prepare("INSERT INTO lessons_fts (rowid, text, agent) VALUES (?, ?, ?)")
        .run(item.id, text, agentToken(job.agent));
    }
    return item.id;
  }

  /**
   * The best `limit` lessons of `agent` for `task` (none demoted to 0 or below);
   * with `jobId`, remembered as cited by that job.
   */
  recall(agent: string, task: string, limit: number, jobId?: string): Recalled[] {
    const terms = this.#rareTerms(task);
    if (terms.length === 0) return [];
    // Each word quoted: nothing in a task can be FTS5 syntax.
    const match = `agent : "${agentToken(agent).replaceAll('"', "")}" AND text : (${
      terms.map((w) => `"${w}"`).join(" OR ")
    })`;
    // BM25 scores are negative, lower is better. (The KM's own search, type-filtered, took 76 ms
    // at 500 items, far too slow for a per-job decision: this index is the agent's lessons only.)
    this.#recall ??= this.#store.db.prepare(
      `SELECT f.rowid AS km_id, bm25(lessons_fts) AS score, l.text AS text
       FROM lessons_fts f JOIN lessons l ON l.km_id = f.rowid
       WHERE lessons_fts MATCH ? AND f.agent = ? AND l.score > 0 ORDER BY score LIMIT ?`,
      // (the agent column is matched as a phrase for speed and compared exactly for safety)
    );
    const hits = this.#recall.all(match, agentToken(agent), limit * 4) as {
      km_id: number;
      score: number;
      text: string;
    }[];
    // A lesson less than half as relevant as the best is noise in the context, not help.
    const best = hits[0]?.score ?? 0;
    const chosen = hits.filter((hit) => hit.score <= best * RELEVANCE).slice(0, limit);
    if (jobId) this.cite(jobId, chosen.map((hit) => hit.km_id));
    return chosen.map((hit) => ({ id: lessonId(hit.km_id), text: hit.text }));
  }

  /**
   * The task's words as the index spells them (lower case, unstemmed), stop
   * words and words in more than half of all lessons left out: a word every
   * lesson has ranks nothing and makes the query read every lesson.
   */
  #rareTerms(task: string): string[] {
    const terms = [
      ...new Set((task.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length >= 3)),
    ].filter((w) => words(w).length > 0); // words() drops the stop words
    if (terms.length === 0) return [];
    this.#count ??= this.#store.db.prepare("SELECT count(*) AS n FROM lessons");
    const total = (this.#count.get() as { n: number }).n;
    if (total < 20) return terms;
    this.#vocab ??= this.#store.db.prepare(
      "SELECT term FROM lessons_vocab WHERE term IN (SELECT value FROM json_each(?)) AND doc > ?",
    );
    const common = new Set(
      (this.#vocab.all(JSON.stringify(terms), total / 2) as { term: string }[]).map((r) => r.term),
    );
    return terms.filter((term) => !common.has(term));
  }

  /** Remembers that `jobId` was given the lessons `kmIds` (one statement). */
  cite(jobId: string, kmIds: readonly number[]): void {
    if (kmIds.length === 0) return;
    this.#cite ??= this.#store.db.prepare(
      `INSERT OR IGNORE INTO lesson_citations (job_id, km_id)
       SELECT ?, value FROM json_each(?)`,
    );
    this.#cite.run(jobId, JSON.stringify(kmIds));
  }

  /** Re-scores after a job ended: its cited lessons were used, and fall if it failed. */
  jobEnded(jobId: string, succeeded: boolean): void {
    this.#store.db.prepare(
      `UPDATE lessons SET uses = uses + 1, score = score - ? WHERE km_id IN
       (SELECT km_id FROM lesson_citations WHERE job_id = ?)`,
    ).run(succeeded ? 0 : 1, jobId);
  }

  /** Re-scores after a reviewer or test verdict on `jobIds`: their own lessons and those they cited. */
  verdict(jobIds: readonly string[], pass: boolean): void {
    if (jobIds.length === 0) return;
    const ids = JSON.stringify(jobIds);
    this.#store.db.prepare(
      "UPDATE lessons SET score = score + ? WHERE job_id IN (SELECT value FROM json_each(?))",
    ).run(pass ? 1 : -2, ids);
    if (!pass) {
      this.#store.db.prepare(
        `UPDATE lessons SET score = score - 1 WHERE km_id IN (SELECT km_id FROM lesson_citations
         WHERE job_id IN (SELECT value FROM json_each(?)))`,
      ).run(ids);
    }
  }

  /** Every lesson, best first. */
  list(): LessonEntry[] {
    const rows = this.#store.db.prepare(
      "SELECT * FROM lessons ORDER BY score DESC, created_at DESC",
    ).all() as Record<string, string | number>[];
    return rows.map((row) => ({
      kmId: Number(row.km_id),
      agent: String(row.agent),
      kind: String(row.kind),
      jobId: String(row.job_id),
      score: Number(row.score),
      uses: Number(row.uses),
      title: this.#km.get(Number(row.km_id))?.title ?? "(removed from the KM)",
    }));
  }

  /** Deletes the lessons whose score fell to `atOrBelow`, from the KM too; returns how many. */
  prune(atOrBelow = 0): number {
    const doomed = this.#store.db.prepare("SELECT km_id FROM lessons WHERE score <= ?")
      .all(atOrBelow) as { km_id: number }[];
    for (const { km_id } of doomed) {
      this.#km.delete(km_id);
      this.#store.db.prepare("DELETE FROM lessons WHERE km_id = ?").run(km_id);
      this.#store.db.prepare("DELETE FROM lessons_fts WHERE rowid = ?").run(km_id);
      this.#store.db.prepare("DELETE FROM lesson_citations WHERE km_id = ?").run(km_id);
    }
    return doomed.length;
  }
}

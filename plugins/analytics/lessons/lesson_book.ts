/**
 * Lessons from successful work: when a job succeeds, a short structured
 * lesson (the task, the approach from the agent's answer, the files it
 * names) is stored in the KM as a `lesson` knowledge item (so KM search and
 * the MCP tools find it too), with its standing kept in the outcome history:
 * a score that starts at 1, rises when a reviewer or the tests pass the
 * work, and falls when the work fails downstream or a job that was given
 * the lesson fails. Similar later tasks of the same agent get the best few
 * (BM25 over the KM's full-text index, demoted lessons left out) in their
 * context, cited by id; the jobs that cited each lesson are remembered.
 * @module
 */

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

/** The id a context cites a lesson by. */
export function lessonId(kmId: number): string {
  return `lesson:${kmId}`;
}

/** Keeps, recalls and re-scores lessons; see the module doc. */
export class LessonBook {
  readonly #km: KnowledgeStore;
  readonly #store: OutcomeStore;
  readonly #now: () => number;

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
    this.#store.db.prepare(
      `INSERT OR IGNORE INTO lessons (km_id, agent, kind, job_id, score, uses, created_at)
       VALUES (?, ?, ?, ?, 1, 0, ?)`,
    ).run(item.id, job.agent, kind, job.id, this.#now());
    return item.id;
  }

  /**
   * The best `limit` lessons of `agent` for `task` (none demoted to 0 or below);
   * with `jobId`, remembered as cited by that job.
   */
  recall(agent: string, task: string, limit: number, jobId?: string): Recalled[] {
    const query = words(task).join(" ");
    if (!query) return [];
    // Unfiltered, then the lessons of this agent kept: the KM's type-filtered search is ~50×
    // slower at a few hundred items (76 ms against 1.5 ms), too slow for a per-job decision.
    const hits = this.#km.search({ q: query, limit: 50 })
      .filter((hit) => hit.item.type === "lesson" && hit.item.tags.includes(agent));
    if (hits.length === 0) return [];
    const standing = new Map(
      (this.#store.db.prepare(
        "SELECT km_id, score FROM lessons WHERE km_id IN (SELECT value FROM json_each(?))",
      ).all(JSON.stringify(hits.map((h) => h.item.id))) as { km_id: number; score: number }[])
        .map((r) => [r.km_id, r.score]),
    );
    // BM25 scores are negative, lower is better: a lesson less than half as relevant as the best is
    // noise in the context, not help.
    const usable = hits.filter((hit) => (standing.get(hit.item.id) ?? 0) > 0);
    const best = usable[0]?.score ?? 0;
    const chosen = usable.filter((hit) => hit.score <= best * RELEVANCE).slice(0, limit);
    if (jobId) {
      const cite = this.#store.db.prepare(
        "INSERT OR IGNORE INTO lesson_citations (job_id, km_id) VALUES (?, ?)",
      );
      for (const hit of chosen) cite.run(jobId, hit.item.id);
    }
    return chosen.map((hit) => ({
      id: lessonId(hit.item.id),
      text: `${hit.item.title}\n${hit.item.content}`,
    }));
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
      this.#store.db.prepare("DELETE FROM lesson_citations WHERE km_id = ?").run(km_id);
    }
    return doomed.length;
  }
}

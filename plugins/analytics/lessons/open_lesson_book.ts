/**
 * Opens the lesson book of a project: the KM's knowledge store (the same
 * `registry.db` the KM server serves, shared through SQLite's WAL; its
 * search cache off, since other processes add lessons) over the outcome
 * history's lesson standings.
 * @module
 */

import { projectPaths } from "../../../core/paths.ts";
import { KnowledgeStore, registryDbPath } from "../../km/store/knowledge_store.ts";
import type { OutcomeStore } from "../history/outcome_store.ts";
import { LessonBook } from "./lesson_book.ts";

/**
 * The book and how to close its KM store.
 *
 * @example
 * ```ts
 * const { book, close } = await openLessonBook(paths, store, Date.now);
 * ```
 */
export async function openLessonBook(
  paths: { root: string },
  store: OutcomeStore,
  now: () => number,
): Promise<{ book: LessonBook; close(): void }> {
  const km = await KnowledgeStore.open(registryDbPath(projectPaths(paths.root)), {
    now,
    cacheSize: 0,
  });
  return { book: new LessonBook(km, store, now), close: () => km.close() };
}

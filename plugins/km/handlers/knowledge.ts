/**
 * Knowledge item operations: add (deduplicated), get, delete, list, search.
 * @module
 */

import { z } from "../../../core/deps.ts";
import {
  IdInputSchema,
  KnowledgeInputSchema,
  ListKnowledgeInputSchema,
  SearchInputSchema,
} from "../schemas.ts";
import { defineHandler, notFound } from "./handler.ts";

/** Adds an item; an identical title and content returns the existing one. */
export const addKnowledge = defineHandler({
  name: "knowledge.add",
  description: "Store a knowledge item (title, content, type, task, tags); deduplicated",
  input: KnowledgeInputSchema,
  mutates: true,
  run: (store, input) => store.add(input),
});

/** One item by id. */
export const getKnowledge = defineHandler({
  name: "knowledge.get",
  description: "Read one knowledge item by id",
  input: IdInputSchema,
  mutates: false,
  run: (store, input) =>
    store.get(input.id) ?? (() => {
      throw notFound(`knowledge item ${input.id}`, {
        tool: "knowledge_list",
        route: "/api/knowledge",
      });
    })(),
});

/** Deletes an item by id. */
export const deleteKnowledge = defineHandler({
  name: "knowledge.delete",
  description: "Delete one knowledge item by id",
  input: IdInputSchema,
  mutates: true,
  run: (store, input) => {
    if (!store.delete(input.id)) {
      throw notFound(`knowledge item ${input.id}`, {
        tool: "knowledge_list",
        route: "/api/knowledge",
      });
    }
    return { deleted: input.id };
  },
});

/** Items newest first. */
export const listKnowledge = defineHandler({
  name: "knowledge.list",
  description: "List knowledge items newest first, filtered by type and task",
  input: ListKnowledgeInputSchema,
  mutates: false,
  run: (store, input) => ({ items: store.list(input) }),
});

/** Full-text search with BM25 ranking. */
export const searchKnowledge = defineHandler({
  name: "knowledge.search",
  description: "Full-text search of knowledge items, best match first (BM25)",
  input: SearchInputSchema,
  mutates: false,
  run: (store, input) => ({ hits: store.search(input) }),
});

/** Row counts of the store. */
export const storeCounts = defineHandler({
  name: "registry.counts",
  description: "Count knowledge items, files, contracts and ADRs",
  input: z.object({}).strict(),
  mutates: false,
  run: (store) => store.counts(),
});

/**
 * Zod schemas of everything the knowledge store accepts: the single source of
 * truth for HTTP bodies and query strings (and, later, MCP tool inputs). The
 * TypeScript input types are inferred from them.
 * @module
 */

import { z } from "../../core/deps.ts";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../core/json_depth.ts";
import { containsParentSegment, isRelativeInside } from "../../core/safe_path.ts";

const name = z.string().trim().min(1).max(200);
const kind = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "lowercase word, e.g. note or decision");
const limit = (fallback: number) => z.coerce.number().int().min(1).max(500).default(fallback);

/** A new knowledge item. */
export const KnowledgeInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  content: z.string().min(1).max(200_000),
  type: kind.default("note"),
  task: name.optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(32).default([]),
}).strict();

/** A full-text search. */
export const SearchInputSchema = z.object({
  q: z.string().trim().min(1).max(500),
  type: kind.optional(),
  task: name.optional(),
  limit: limit(10),
}).strict();

/** Listing knowledge items, newest first. */
export const ListKnowledgeInputSchema = z.object({
  type: kind.optional(),
  task: name.optional(),
  limit: limit(50),
  offset: z.coerce.number().int().min(0).default(0),
}).strict();

/** One item by id. */
export const IdInputSchema = z.object({ id: z.coerce.number().int().positive() }).strict();

/** A file registry entry (upsert by path). */
export const FileEntryInputSchema = z.object({
  path: z.string().trim().min(1).max(4096)
    // Checked first: SQLite and C strings would cut the path at the NUL.
    .refine((path) => !path.includes("\0"), { error: "must not contain NUL bytes", abort: true })
    .refine((path) => !containsParentSegment(path), {
      error: "must not contain .. segments",
      abort: true,
    })
    .refine(
      (path) => isRelativeInside(path) && !/^[A-Za-z]:|^[\\/]/.test(path),
      "must be a project-relative path like src/app.ts (no leading / or drive letter)",
    ),
  component: name.optional(),
  ownerAgent: name.optional(),
  hash: z.string().trim().min(1).max(128).optional(),
}).strict();

/** Filters for listing files. */
export const ListFilesInputSchema = z.object({
  component: name.optional(),
  ownerAgent: name.optional(),
  limit: limit(100),
}).strict();

/** A component API contract version. */
export const ContractInputSchema = z.object({
  component: name,
  version: z.string().trim().min(1).max(64),
  spec: z.record(z.string(), z.unknown()).refine(
    (spec) => !exceedsJsonDepth(spec, MAX_JSON_DEPTH),
    `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
  ),
}).strict();

/** Selecting contracts of one component (latest first). */
export const ComponentInputSchema = z.object({ component: name }).strict();

/** Lifecycle states of an architecture decision record. */
export const AdrStatusSchema = z.enum(["proposed", "accepted", "deprecated", "superseded"]);

/** A new architecture decision record; its number is assigned. */
export const AdrInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  status: AdrStatusSchema.default("proposed"),
  context: z.string().min(1).max(100_000),
  decision: z.string().min(1).max(100_000),
  consequences: z.string().max(100_000).default(""),
}).strict();

/** Changing the status of an ADR. */
export const AdrStatusInputSchema = z.object({
  number: z.coerce.number().int().positive(),
  status: AdrStatusSchema,
}).strict();

/** Selecting one ADR. */
export const AdrNumberInputSchema = z.object({ number: z.coerce.number().int().positive() })
  .strict();

/** Parsed inputs. */
export type KnowledgeInput = z.infer<typeof KnowledgeInputSchema>;
/** Parsed search input. */
export type SearchInput = z.infer<typeof SearchInputSchema>;
/** Parsed list input. */
export type ListKnowledgeInput = z.infer<typeof ListKnowledgeInputSchema>;
/** Parsed file entry. */
export type FileEntryInput = z.infer<typeof FileEntryInputSchema>;
/** Parsed file listing filters. */
export type ListFilesInput = z.infer<typeof ListFilesInputSchema>;
/** Parsed contract. */
export type ContractInput = z.infer<typeof ContractInputSchema>;
/** ADR status. */
export type AdrStatus = z.infer<typeof AdrStatusSchema>;
/** Parsed ADR. */
export type AdrInput = z.infer<typeof AdrInputSchema>;

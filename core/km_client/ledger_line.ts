/**
 * One line of the cost ledger (`.claude/state/costs.ndjson`, one JSON line
 * per finished agent task): its schema, where the file is, and how a line of
 * text becomes a validated entry. The appender (`ledger_append.ts`), the
 * KM's running totals (`ledger_totals.ts`) and the `cost` command's reader
 * all go through here, so they agree on what a valid line is.
 * @module
 */

import { join } from "node:path";
import { z } from "../deps.ts";
import type { ProjectPaths } from "../paths.ts";

const ModelUsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  costUsd: z.number(),
});

/** One ledger line: a finished task's agent, provider, status, turns, tokens and dollars. */
export const LedgerLineSchema = z.object({
  ts: z.number(),
  task: z.string(),
  agent: z.string(),
  provider: z.string(),
  status: z.string(),
  turns: z.number(),
  costUsd: z.number(),
  tokens: z.number(),
  models: z.record(z.string(), ModelUsageSchema),
  fallbacks: z.number(),
});
/** One ledger line. */
export type LedgerLine = z.infer<typeof LedgerLineSchema>;

/**
 * The ledger file of a project.
 *
 * @example
 * ```ts
 * const file = ledgerPath(projectPaths(root)); // <root>/.claude/state/costs.ndjson
 * ```
 */
export function ledgerPath(paths: Pick<ProjectPaths, "state">): string {
  return join(paths.state, "costs.ndjson");
}

/**
 * One line of ledger text as an entry: `"blank"` for an empty line (skipped),
 * `"invalid"` for a line that is not JSON or fails the schema (counted by the
 * readers, never guessed at).
 *
 * @example
 * ```ts
 * const line = parseLedgerLine(text);
 * if (typeof line === "object") entries.push(line);
 * ```
 */
export function parseLedgerLine(text: string): LedgerLine | "blank" | "invalid" {
  if (!text.trim()) return "blank";
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "invalid"; // the caller counts it; the other lines stay readable
  }
  const parsed = LedgerLineSchema.safeParse(raw);
  return parsed.success ? parsed.data : "invalid";
}

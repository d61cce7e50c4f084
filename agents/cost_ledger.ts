/**
 * The cost ledger: one JSON line per finished task in
 * `.claude/state/costs.ndjson` — agent, provider, status, turns, and tokens
 * and dollars per model. Appends are one locked write (`core/km_client/ledger_append.ts`,
 * shared with the KM, which appends for workers on other hosts), so
 * concurrent writers never interleave lines; reading validates every line.
 * @module
 */

import { appendLedgerLine } from "../core/km_client/ledger_append.ts";
import {
  type LedgerLine,
  LedgerLineSchema,
  ledgerPath,
  parseLedgerLine,
} from "../core/km_client/ledger_line.ts";
import { readTextIfExists } from "../core/fs/read_text_if_exists.ts";
import type { ProjectPaths } from "../core/paths.ts";

/** One ledger line (the schema the KM's totals and `POST /api/costs` validate with). */
export const LedgerEntrySchema = LedgerLineSchema;
/** One ledger line. */
export type LedgerEntry = LedgerLine;

export { ledgerPath };

/**
 * Appends one entry (one locked write).
 *
 * @example
 * ```ts
 * await appendLedger(paths, entry);
 * ```
 */
export async function appendLedger(
  paths: Pick<ProjectPaths, "state">,
  entry: LedgerEntry,
): Promise<void> {
  await appendLedgerLine(paths, entry);
}

/** Every valid entry, plus the line numbers that failed validation. */
export async function readLedger(
  paths: Pick<ProjectPaths, "state">,
): Promise<{ entries: LedgerEntry[]; invalidLines: number[] }> {
  const text = await readTextIfExists(ledgerPath(paths));
  if (text === undefined) return { entries: [], invalidLines: [] };
  const entries: LedgerEntry[] = [];
  const invalidLines: number[] = [];
  text.split("\n").forEach((lineText, index) => {
    const line = parseLedgerLine(lineText);
    if (line === "invalid") invalidLines.push(index + 1); // reported by `cost`
    else if (line !== "blank") entries.push(line);
  });
  return { entries, invalidLines };
}

/**
 * The cost ledger: one JSON line per finished task in
 * `.claude/state/costs.ndjson` — agent, provider, status, turns, and tokens
 * and dollars per model. Appends are one locked write (`core/km/ledger_append.ts`,
 * shared with the KM, which appends for workers on other hosts), so
 * concurrent writers never interleave lines; reading validates every line.
 * @module
 */

import { appendLedgerLine, ledgerPath } from "../core/km/ledger_append.ts";
import { type LedgerLine, LedgerLineSchema } from "../core/km/ledger_totals.ts";
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
  let text: string;
  try {
    text = await Deno.readTextFile(ledgerPath(paths));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { entries: [], invalidLines: [] };
    throw error;
  }
  const entries: LedgerEntry[] = [];
  const invalidLines: number[] = [];
  text.split("\n").forEach((line, index) => {
    if (!line.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      invalidLines.push(index + 1); // reported by `cost`; the other lines stay readable
      return;
    }
    const parsed = LedgerEntrySchema.safeParse(raw);
    if (parsed.success) entries.push(parsed.data);
    else invalidLines.push(index + 1);
  });
  return { entries, invalidLines };
}

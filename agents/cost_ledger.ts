/**
 * The cost ledger: one JSON line per finished task in
 * `.claude/state/costs.ndjson` — agent, provider, status, turns, and tokens
 * and dollars per model. Appends are one locked write, so concurrent
 * workers never interleave lines; reading validates every line.
 * @module
 */

import { join } from "node:path";
import { z } from "../core/deps.ts";
import { withFileLock } from "../core/file_lock.ts";
import type { ProjectPaths } from "../core/paths.ts";

const ModelCostSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  costUsd: z.number(),
});

/** One ledger line. */
export const LedgerEntrySchema = z.object({
  ts: z.number(),
  task: z.string(),
  agent: z.string(),
  provider: z.string(),
  status: z.string(),
  turns: z.number(),
  costUsd: z.number(),
  tokens: z.number(),
  models: z.record(z.string(), ModelCostSchema),
  fallbacks: z.number(),
});
/** One ledger line. */
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** The ledger file of a project. */
export function ledgerPath(paths: Pick<ProjectPaths, "state">): string {
  return join(paths.state, "costs.ndjson");
}

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
  const file = ledgerPath(paths);
  const line = new TextEncoder().encode(JSON.stringify(LedgerEntrySchema.parse(entry)) + "\n");
  await Deno.mkdir(paths.state, { recursive: true });
  await withFileLock(`${file}.lock`, async () => {
    const handle = await Deno.open(file, { append: true, create: true, mode: 0o644 });
    try {
      let written = 0;
      while (written < line.length) written += await handle.write(line.subarray(written));
    } finally {
      handle.close();
    }
  });
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

/**
 * Appending to the cost ledger (`.claude/state/costs.ndjson`): one line per
 * finished agent task, validated with {@linkcode LedgerLineSchema} and
 * written as one locked append, so concurrent writers — local workers, and
 * the KM on behalf of workers on other hosts (`POST /api/costs`) — never
 * interleave lines.
 * @module
 */

import { withFileLock } from "../file_lock.ts";
import type { ProjectPaths } from "../paths.ts";
import { type LedgerLine, LedgerLineSchema, ledgerPath } from "./ledger_line.ts";

/**
 * Validates and appends one line.
 *
 * @example
 * ```ts
 * await appendLedgerLine(paths, { ts: Date.now(), task: "job_1", agent: "developer-agent", ... });
 * ```
 */
export async function appendLedgerLine(
  paths: Pick<ProjectPaths, "state">,
  line: LedgerLine,
): Promise<void> {
  const file = ledgerPath(paths);
  const bytes = new TextEncoder().encode(JSON.stringify(LedgerLineSchema.parse(line)) + "\n");
  await Deno.mkdir(paths.state, { recursive: true });
  await withFileLock(`${file}.lock`, async () => {
    const handle = await Deno.open(file, { append: true, create: true, mode: 0o644 });
    try {
      let written = 0;
      while (written < bytes.length) written += await handle.write(bytes.subarray(written));
    } finally {
      handle.close();
    }
  });
}

/**
 * `POST /api/costs`: workers on other hosts append their finished tasks'
 * cost lines to the project's ledger through the KM (bearer token required,
 * body validated with the ledger's schema), so `cost`, `/metrics` and the
 * dashboard count the work wherever it ran. The line goes through the one
 * locked appender, like every local ledger line.
 * @module
 */

import { dirname, resolve } from "node:path";
import { projectPaths } from "../../../core/paths.ts";
import { appendLedgerLine } from "../../../core/km_client/ledger_append.ts";
import { LedgerLineSchema } from "../../../core/km_client/ledger_line.ts";
import { defineHandler } from "./handler.ts";

/** Appends one cost-ledger line from a remote worker; answers the task it recorded. */
export const recordRemoteCost = defineHandler({
  name: "costs.record",
  description: "append one cost-ledger line (remote workers report here)",
  input: LedgerLineSchema.strict(),
  mutates: true,
  async run(store, line) {
    // The store lives at <root>/.claude/registry/registry.db.
    const root = resolve(dirname(store.path), "..", "..");
    await appendLedgerLine(projectPaths(root), line);
    return { recorded: line.task };
  },
});

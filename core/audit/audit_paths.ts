/**
 * The per-user audit log's files: the same layout as a project's event log
 * (live file, sidecar lock, quarantine, archive directory) so the one event
 * appender, verifier and reader serve both.
 * @module
 */

import { join } from "node:path";
import type { Context } from "../context.ts";
import type { EventLogPaths } from "../events/event_paths.ts";

/**
 * The audit log of this context's user: `~/.super-agents/audit.ndjson`
 * (or under `SUPER_AGENTS_HOME`).
 *
 * @example
 * ```ts
 * auditLogPaths(ctx).log; // /home/me/.super-agents/audit.ndjson
 * ```
 */
export function auditLogPaths(ctx: Pick<Context, "dataHome">): EventLogPaths {
  return {
    dir: ctx.dataHome,
    log: join(ctx.dataHome, "audit.ndjson"),
    lock: join(ctx.dataHome, "audit.lock"),
    quarantine: join(ctx.dataHome, "audit.quarantine.ndjson"),
    archive: join(ctx.dataHome, "audit-archive"),
  };
}

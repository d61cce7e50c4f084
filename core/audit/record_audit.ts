/**
 * Appends sensitive operations to the per-user audit log
 * (`~/.super-agents/audit.ndjson`, 0600) through the event bus's one
 * hash-chained appender, and — when the action happens inside a project —
 * to the project's event log as an `audit.*` event. Entries name what was
 * touched, never a secret's value.
 * @module
 */

import type { Context } from "../context.ts";
import { SuperAgentsError } from "../errors.ts";
import { EventAppender } from "../events/appender.ts";
import { emitEvent, toDraft } from "../events/emit.ts";
import type { EventRecord } from "../events/schema.ts";
import { findProjectRoot, type ProjectPaths, projectPaths } from "../paths.ts";
import { auditLogPaths } from "./audit_paths.ts";
import {
  type AuditAction,
  auditEventType,
  type AuditPayload,
  AuditPayloadSchema,
} from "./audit_schema.ts";

/** One audited operation. */
export interface AuditEntry {
  action: AuditAction;
  target?: string;
  /** Default `ok`. */
  outcome?: AuditPayload["outcome"];
  details?: AuditPayload["details"];
}

/** Options of {@linkcode recordAudit}. */
export interface RecordAuditOptions {
  /**
   * The project whose event log also receives the entry; default: the
   * project around `ctx.cwd`; `false`: the user's log only (e.g. after
   * uninstall removed the project's log).
   */
  project?: ProjectPaths | false;
}

const appenders = new Map<string, EventAppender>();

function auditAppender(ctx: Pick<Context, "dataHome" | "now">): EventAppender {
  const files = auditLogPaths(ctx);
  let appender = appenders.get(files.log);
  if (!appender) {
    // The audit log is small and precious: fsync every entry, keep every archive.
    appender = new EventAppender(files, {
      fsync: "always",
      groupCommitMs: 5,
      rotateBytes: 16 * 1024 * 1024,
      rotateAgeHours: 24 * 365,
      retainArchives: 0,
    }, ctx.now);
    appenders.set(files.log, appender);
  }
  return appender;
}

/**
 * Records `entry` in the user's audit log (and the project's event log).
 *
 * @example
 * ```ts
 * await recordAudit(ctx, { action: "config.set", target: "km.portMin" });
 * ```
 */
export async function recordAudit(
  ctx: Context,
  entry: AuditEntry,
  options: RecordAuditOptions = {},
): Promise<EventRecord> {
  const project = options.project === undefined
    ? currentProject(ctx)
    : options.project || undefined;
  const payload: AuditPayload = {
    action: entry.action,
    outcome: entry.outcome ?? "ok",
    actor: ctx.env("USER") ?? ctx.env("LOGNAME") ?? ctx.env("USERNAME") ??
      `uid:${Deno.uid() ?? "?"}`,
    pid: Deno.pid,
    ...(entry.target !== undefined ? { target: entry.target } : {}),
    ...(project ? { root: project.root } : {}),
    ...(entry.details ? { details: entry.details } : {}),
  };
  const checked = AuditPayloadSchema.safeParse(payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new SuperAgentsError(
      "AUDIT_ENTRY_INVALID",
      `invalid audit entry ${issue.path.join(".") || "payload"}: ${issue.message}`,
      { hint: "this is a bug in the caller of recordAudit; report it" },
    );
  }
  const input = { type: auditEventType(checked.data.action), payload: checked.data };
  const draft = toDraft(input);
  await Deno.mkdir(ctx.dataHome, { recursive: true, mode: 0o700 });
  const appender = auditAppender(ctx);
  const record = await appender.append(draft);
  await restrictMode(appender.files.log);
  if (project) await emitEvent(project, input);
  return record;
}

/** Flushes and closes the audit appenders of this process (tests and shutdown). */
export async function closeAuditLogs(): Promise<void> {
  const all = [...appenders.values()];
  appenders.clear();
  for (const appender of all) await appender.close();
}

function currentProject(ctx: Context): ProjectPaths | undefined {
  const root = findProjectRoot(ctx.cwd, ctx.home);
  return root ? projectPaths(root) : undefined;
}

const restricted = new Set<string>();

/** Keeps the audit log private to its user (0600), checked once per process. */
async function restrictMode(path: string): Promise<void> {
  if (restricted.has(path) || Deno.build.os === "windows") return;
  const info = await Deno.stat(path);
  if (info.mode !== null && (info.mode & 0o077) !== 0) await Deno.chmod(path, 0o600);
  restricted.add(path);
}

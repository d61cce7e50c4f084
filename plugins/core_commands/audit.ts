/**
 * `super-agents audit [--since <time>] [--action <a>]` lists the per-user
 * audit log of sensitive operations; `audit verify` checks its hash chain
 * (archives included) and names the first bad line.
 * @module
 */

import { auditLogPaths } from "../../core/audit/audit_paths.ts";
import { type AuditPayload, AuditPayloadSchema } from "../../core/audit/audit_schema.ts";
import { defineCommand, stringFlag } from "../../core/cli/command.ts";
import { styles } from "../../core/cli/style.ts";
import { readEvents } from "../../core/events/reader.ts";
import { parseTimeSpec } from "../../core/events/time_spec.ts";
import { verifyLog } from "../../core/events/verify.ts";
import { exportCommand, reportCommand, verifyFile } from "./audit/audit_commands.ts";

const list = defineCommand({
  name: "list",
  summary: "list audit entries (the default)",
  flags: {
    since: { type: "string", description: "only entries since a time (2h, 7d, ISO, epoch ms)" },
    action: { type: "string", description: "only this action or prefix (secret.*, config.set)" },
  },
  examples: ["super-agents audit --since 7d", "super-agents audit --action 'secret.*' --json"],
  async run(ctx, args) {
    const sinceSpec = stringFlag(args, "since");
    const action = stringFlag(args, "action");
    const since = sinceSpec === undefined ? undefined : parseTimeSpec(sinceSpec, ctx.now());
    const entries = [];
    for await (
      const event of readEvents(auditLogPaths(ctx), {
        types: [action ? `audit.${action}` : "audit.*"],
        since,
      })
    ) {
      const payload = AuditPayloadSchema.safeParse(event.payload);
      if (payload.success) {
        entries.push({ id: event.id, ts: event.ts, seq: event.seq, ...payload.data });
      }
    }
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ log: auditLogPaths(ctx).log, entries }) + "\n");
      return;
    }
    if (entries.length === 0) {
      ctx.stdout.write("no audit entries" + (since === undefined ? "" : " in that period") + "\n");
      return;
    }
    const s = styles(ctx.color);
    for (const entry of entries) ctx.stdout.write(line(entry, s) + "\n");
  },
});

function line(
  entry: AuditPayload & { ts: number },
  s: ReturnType<typeof styles>,
): string {
  const outcome = entry.outcome === "ok" ? s.green("ok    ") : s.red(entry.outcome.padEnd(6));
  const target = entry.target ? ` ${entry.target}` : "";
  const where = entry.root ? s.dim(` (${entry.root})`) : "";
  return `${
    new Date(entry.ts).toISOString()
  } ${outcome} ${entry.action}${target} by ${entry.actor}${where}`;
}

const verify = defineCommand({
  name: "verify",
  summary: "check the audit log's hash chain (or an exported file's, with --file)",
  flags: {
    file: { type: "string", description: "<file> an `audit export` file, checked on its own" },
  },
  examples: [
    "super-agents audit verify",
    "super-agents audit verify --json",
    "super-agents audit verify --file audit.jsonl",
  ],
  async run(ctx, args) {
    const file = stringFlag(args, "file");
    if (file !== undefined) return await verifyFile(ctx, file);
    const files = auditLogPaths(ctx);
    const report = await verifyLog(files, { all: true });
    if (ctx.json) ctx.stdout.write(JSON.stringify({ log: files.log, ...report }) + "\n");
    else if (report.ok) {
      ctx.stdout.write(`audit log ok: ${report.lines} entries chained (${files.log})\n`);
    } else {
      const bad = report.firstBad!;
      ctx.stdout.write(
        `audit log BROKEN at ${bad.file}:${bad.line}: ${bad.reason}\n` +
          `the entries before it verify; keep ${files.log} as evidence and investigate who edited it\n`,
      );
    }
    return report.ok ? 0 : 1;
  },
});

/** The `audit` command. */
export const command = defineCommand({
  name: "audit",
  summary: "list and verify the audit log of sensitive operations",
  description:
    "Secret changes and reveals, uses of stored secrets, token creation, sandbox denials,\n" +
    "uninstall and config changes are appended to ~/.super-agents/audit.ndjson with the\n" +
    "event log's hash chain (and to the project's event log as audit.* events).",
  flags: list.flags,
  subcommands: { list, verify, export: exportCommand, report: reportCommand },
  examples: ["super-agents audit --since 24h", "super-agents audit verify"],
  run: list.run,
});

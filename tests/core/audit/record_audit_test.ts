/**
 * The audit log: entries are chained by the event appender and verify; an
 * edited entry breaks verification; inside a project the same entry lands
 * in the project's event log as an `audit.*` event; invalid entries are
 * refused; a sandbox denial becomes an audit entry.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { auditSandboxDenials } from "../../../core/audit/audit_denials.ts";
import { auditLogPaths } from "../../../core/audit/audit_paths.ts";
import { closeAuditLogs, recordAudit } from "../../../core/audit/record_audit.ts";
import { createContext } from "../../../core/context.ts";
import { closeEventLogs } from "../../../core/events/emit.ts";
import { eventLogPaths } from "../../../core/events/event_paths.ts";
import { verifyLog } from "../../../core/events/verify.ts";
import { projectPaths } from "../../../core/paths.ts";

const silent = { write() {}, isTerminal: false };

async function setup() {
  const base = await Deno.makeTempDir({ prefix: "sa-audit-" });
  const project = join(base, "repo");
  await Deno.mkdir(join(project, ".claude", "events"), { recursive: true });
  const ctx = createContext({
    cwd: project,
    home: base,
    dataHome: join(base, "data"),
    env: (name) => (name === "USER" ? "alice" : undefined),
    stdout: silent,
    stderr: silent,
  });
  return { base, project, ctx };
}

async function lines(path: string) {
  return (await Deno.readTextFile(path)).trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("audit: entries chain, verify, and reach the project's event log", async () => {
  const { base, project, ctx } = await setup();
  try {
    await recordAudit(ctx, { action: "config.set", target: "km.portMin" });
    await recordAudit(ctx, { action: "secret.reveal", target: "ANTHROPIC_API_KEY" });
    await recordAudit(ctx, { action: "project.uninstall", target: project }, { project: false });
    await closeAuditLogs();
    await closeEventLogs();
    const files = auditLogPaths(ctx);
    const entries = await lines(files.log);
    assert.deepEqual(entries.map((e) => [e.seq, e.type]), [
      [1, "audit.config.set"],
      [2, "audit.secret.reveal"],
      [3, "audit.project.uninstall"],
    ]);
    assert.equal(entries[1].prev_hash, entries[0].hash);
    assert.equal(entries[0].payload.actor, "alice");
    assert.equal(entries[0].payload.root, project);
    assert.equal(Deno.statSync(files.log).mode! & 0o777, 0o600);
    assert.equal((await verifyLog(files, { all: true })).ok, true);
    const projectEvents = await lines(eventLogPaths(projectPaths(project)).log);
    assert.deepEqual(projectEvents.map((e) => e.type), ["audit.config.set", "audit.secret.reveal"]);
    // Editing an entry breaks the chain at that line.
    const text = await Deno.readTextFile(files.log);
    await Deno.writeTextFile(files.log, text.replace("km.portMin", "km.portMax"));
    const report = await verifyLog(files, { all: true });
    assert.equal(report.ok, false);
    assert.equal(report.firstBad?.line, 1);
  } finally {
    await closeAuditLogs();
    await closeEventLogs();
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("audit: malformed entries are refused before anything is written", async () => {
  const { base, ctx } = await setup();
  try {
    await assert.rejects(
      recordAudit(ctx, { action: "nonsense" as "config.set" }),
      /invalid audit entry action/,
    );
    await assert.rejects(Deno.stat(auditLogPaths(ctx).log), Deno.errors.NotFound);
  } finally {
    await closeAuditLogs();
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("audit: sandbox denials reported to the runner's sink become audit entries", async () => {
  const { base, project, ctx } = await setup();
  try {
    const seen: string[] = [];
    const emit = auditSandboxDenials(ctx, projectPaths(project), (event) => {
      seen.push(event.type);
      return Promise.resolve();
    });
    await emit({ type: "job.started", agent: "a", task: "job_1" });
    await emit({
      type: "sandbox.denied",
      agent: "script-agent",
      task: "job_2",
      payload: { error: { agent: "script-agent", operation: "write", target: "/etc/passwd" } },
    });
    await closeAuditLogs();
    await closeEventLogs();
    assert.deepEqual(seen, ["job.started", "sandbox.denied"]);
    const [entry] = await lines(auditLogPaths(ctx).log);
    assert.equal(entry.type, "audit.sandbox.denied");
    assert.equal(entry.payload.outcome, "denied");
    assert.equal(entry.payload.target, "/etc/passwd");
    assert.deepEqual(entry.payload.details, {
      agent: "script-agent",
      operation: "write",
      target: "/etc/passwd",
      job: "job_2",
    });
  } finally {
    await closeAuditLogs();
    await closeEventLogs();
    await Deno.remove(base, { recursive: true });
  }
});

/**
 * What `audit report` summarises, gathered from the records that already
 * exist: the user's audit log (secret reveals, permission widenings —
 * tokens created, OAuth consents, trusted agent grants, `auth.*` config
 * changes —, denials, and the remote principals that ran agents with their
 * scopes), the project's event log (tasks per agent and how they ended) and
 * its cost ledger (model spend by agent and model).
 * @module
 */

import { AuditPayloadSchema } from "../../../core/audit/audit_schema.ts";
import type { EventLogPaths } from "../../../core/events/event_paths.ts";
import { readEvents } from "../../../core/events/reader.ts";
import { ledgerPath, parseLedgerLine } from "../../../core/km_client/ledger_line.ts";
import type { ProjectPaths } from "../../../core/paths.ts";

/** One agent's runs in the period. */
export interface AgentRuns {
  agent: string;
  created: number;
  succeeded: number;
  failed: number;
  /** Remote principals that ran or queued it → the scopes they held. */
  principals: Record<string, string>;
}

/** A notable audit entry, flattened for the report. */
export interface ReportEntry {
  time: string;
  actor: string;
  action: string;
  target: string;
  detail: string;
}

/** Everything the report shows. */
export interface ComplianceData {
  since: string;
  until: string;
  project?: string;
  agents: AgentRuns[];
  secretReveals: ReportEntry[];
  widenings: ReportEntry[];
  denials: ReportEntry[];
  spend: { totalUsd: number; byAgent: Record<string, number>; byModel: Record<string, number> };
  auditEntries: number;
}

const WIDENING = new Set(["token.create", "oauth.consent", "agent.trust"]);

/**
 * Gathers the data of the period `[since, now]`.
 *
 * @example
 * ```ts
 * const data = await collectCompliance(auditLogPaths(ctx), project, { since, now: ctx.now() });
 * ```
 */
export async function collectCompliance(
  audit: EventLogPaths,
  project: { paths: ProjectPaths; events: EventLogPaths } | undefined,
  period: { since: number; now: number },
  agentName: (given: string) => string = (given) => given,
): Promise<ComplianceData> {
  const data: ComplianceData = {
    since: new Date(period.since).toISOString(),
    until: new Date(period.now).toISOString(),
    project: project?.paths.root,
    agents: [],
    secretReveals: [],
    widenings: [],
    denials: [],
    spend: { totalUsd: 0, byAgent: {}, byModel: {} },
    auditEntries: 0,
  };
  const agents = new Map<string, AgentRuns>();
  const agentOf = (given: string) => {
    const name = agentName(given);
    let runs = agents.get(name);
    if (!runs) {
      runs = { agent: name, created: 0, succeeded: 0, failed: 0, principals: {} };
      agents.set(name, runs);
    }
    return runs;
  };
  for await (const event of readEvents(audit, { types: ["audit.*"], since: period.since })) {
    const parsed = AuditPayloadSchema.safeParse(event.payload);
    if (!parsed.success) continue; // not an audit entry this version understands
    const entry = parsed.data;
    if (project && entry.root !== undefined && entry.root !== project.paths.root) continue;
    data.auditEntries++;
    const details = entry.details ?? {};
    const flat: ReportEntry = {
      time: new Date(event.ts).toISOString(),
      actor: String(details.principal ?? entry.actor),
      action: entry.action,
      target: entry.target ?? "",
      detail: Object.entries(details).filter(([key]) => key !== "principal")
        .map(([key, value]) => `${key}=${value}`).join(" "),
    };
    if (entry.action === "secret.reveal") data.secretReveals.push(flat);
    else if (entry.outcome === "denied") data.denials.push(flat);
    else if (
      WIDENING.has(entry.action) ||
      (entry.action === "config.set" && (entry.target ?? "").startsWith("auth."))
    ) {
      data.widenings.push(flat);
    } else if (entry.action === "agent.run" && entry.target) {
      agentOf(entry.target).principals[flat.actor] = String(details.scopes ?? "");
    }
  }
  if (project) {
    const types = ["task.created", "job.succeeded", "job.failed", "job.dead"];
    for await (const event of readEvents(project.events, { types, since: period.since })) {
      if (!event.agent) continue;
      const runs = agentOf(event.agent);
      if (event.type === "task.created") runs.created++;
      else if (event.type === "job.succeeded") runs.succeeded++;
      else runs.failed++;
    }
    await addSpend(data, ledgerPath(project.paths), period);
  }
  data.agents = [...agents.values()].sort((a, b) => a.agent.localeCompare(b.agent));
  return data;
}

async function addSpend(
  data: ComplianceData,
  path: string,
  period: { since: number; now: number },
): Promise<void> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return; // no task has finished yet
    throw error;
  }
  for (const line of text.split("\n")) {
    const entry = parseLedgerLine(line);
    if (typeof entry === "string" || entry.ts < period.since || entry.ts > period.now) continue;
    data.spend.totalUsd += entry.costUsd;
    data.spend.byAgent[entry.agent] = (data.spend.byAgent[entry.agent] ?? 0) + entry.costUsd;
    for (const [model, usage] of Object.entries(entry.models)) {
      data.spend.byModel[model] = (data.spend.byModel[model] ?? 0) + usage.costUsd;
    }
  }
}

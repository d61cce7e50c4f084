/**
 * The JSON the dashboard page renders (`GET /dashboard/api/snapshot`): this
 * KM, the projects of the global index with the state of their KMs, the
 * workers holding leases, the queue by priority and state, running jobs
 * with the pipelines (DAGs) they belong to, recent jobs, costs and
 * fallbacks from the cost ledger, the event log's size, and alerts (the
 * dashboard's own and those other mounts raise: the analytics plugin's).
 * @module
 */

import { basename } from "node:path";
import type { Context } from "../../../core/context.ts";
import { type ProjectPaths, projectPaths } from "../../../core/paths.ts";
import { JOB_STATES, PRIORITIES } from "../../../core/queue/job.ts";
import { indexedProjectRoots } from "../indexed_projects.ts";
import { KEY_SEPARATOR, type LedgerSummary } from "../ledger_totals.ts";
import { isProcessAlive } from "../process_info.ts";
import type { ProjectObserver } from "../project_observer.ts";
import { readKmState } from "../state.ts";
import { inspectWorker } from "../worker_supervisor/inspect.ts";
import { type Alert, alertsFor, type HostMeasurements } from "./alerts.ts";
import type { KmAlert } from "../mounts.ts";

/** What the snapshot needs besides the project. */
export interface SnapshotSources {
  ctx: Pick<Context, "home" | "dataHome">;
  paths: ProjectPaths;
  observer: ProjectObserver;
  km: { pid: number; port: number; version: string; startedAt: number };
  measureHost(): HostMeasurements;
  /** Alerts the other mounts raise (see `mounts.ts`). */
  contributedAlerts?(): Promise<KmAlert[]>;
}

/** One project of the global index. */
export interface ProjectRow {
  root: string;
  name: string;
  km: "running" | "stopped" | "dead" | "invalid";
  port: number | null;
  current: boolean;
}

/**
 * Builds the snapshot at `now`.
 *
 * @example
 * ```ts
 * const body = await dashboardSnapshot(sources, Date.now());
 * ```
 */
export async function dashboardSnapshot(sources: SnapshotSources, now: number) {
  const { queue, ledger, eventLog } = sources.observer.observe(now, { durations: false });
  const alerts: (Alert | KmAlert)[] = [
    ...alertsFor(queue, sources.measureHost()),
    ...(await sources.contributedAlerts?.() ?? []),
  ];
  return {
    now,
    project: { root: sources.paths.root, name: basename(sources.paths.root) },
    km: {
      ...sources.km,
      uptimeMs: now - sources.km.startedAt,
      rssBytes: Deno.memoryUsage().rss,
    },
    projects: await projectRows(sources),
    supervisedWorker: supervisedWorker(sources.paths, now),
    workers: queue?.workers ?? [],
    queue: {
      available: queue !== undefined,
      priorities: PRIORITIES,
      states: JOB_STATES,
      byPriority: queue?.byPriority ?? null,
      byState: queue?.byState ?? null,
      ready: queue?.ready ?? null,
    },
    running: queue?.running ?? [],
    flows: queue?.flows ?? {},
    recent: queue?.recent ?? [],
    costs: costSummary(ledger),
    eventLog,
    alerts,
  };
}

/** The project's supervised worker: state, pids, restarts, last exit and last heartbeat. */
function supervisedWorker(paths: ProjectPaths, now: number) {
  const worker = inspectWorker(paths);
  return {
    status: worker.status,
    reason: worker.reason ?? null,
    pid: worker.workerPid ?? null,
    supervisorPid: worker.record?.supervisor.pid ?? null,
    restarts: worker.record?.restarts ?? 0,
    lastExit: worker.record?.lastExit ?? null,
    lastHeartbeatAt: worker.lastHeartbeatAt ?? null,
    heartbeatAgeMs: worker.lastHeartbeatAt === undefined
      ? null
      : Math.max(0, now - worker.lastHeartbeatAt),
  };
}

async function projectRows(sources: SnapshotSources): Promise<ProjectRow[]> {
  const roots = await indexedProjectRoots(sources.ctx);
  if (!roots.includes(sources.paths.root)) roots.unshift(sources.paths.root);
  const rows: ProjectRow[] = [];
  for (const root of roots) {
    const read = await readKmState(projectPaths(root));
    let km: ProjectRow["km"] = "stopped";
    let port: number | null = null;
    if (read.kind === "complete") {
      km = isProcessAlive(read.state.pid) ? "running" : "dead";
      port = read.state.port;
    } else if (read.kind === "invalid") {
      km = "invalid";
      port = read.port ?? null;
    }
    rows.push({ root, name: basename(root), km, port, current: root === sources.paths.root });
  }
  return rows;
}

/** Totals of the cost ledger for display. */
export function costSummary(ledger: LedgerSummary) {
  const byModel = new Map<string, { model: string; tokens: number; costUsd: number }>();
  for (const [key, tokens] of ledger.tokens) {
    const model = key.split(KEY_SEPARATOR)[0];
    const row = byModel.get(model) ??
      { model, tokens: 0, costUsd: ledger.costByModel.get(model) ?? 0 };
    row.tokens += tokens;
    byModel.set(model, row);
  }
  const agents = new Map<
    string,
    { agent: string; modelCalls: number; fallbacks: number; costUsd: number }
  >();
  const agentRow = (agent: string) => {
    let row = agents.get(agent);
    if (!row) agents.set(agent, row = { agent, modelCalls: 0, fallbacks: 0, costUsd: 0 });
    return row;
  };
  for (const [key, calls] of ledger.modelCalls) {
    agentRow(key.split(KEY_SEPARATOR)[0]).modelCalls += calls;
  }
  for (const [agent, fallbacks] of ledger.fallbacks) agentRow(agent).fallbacks += fallbacks;
  for (const [agent, cost] of ledger.costByAgent) agentRow(agent).costUsd += cost;
  let tasks = 0;
  for (const count of ledger.tasks.values()) tasks += count;
  return {
    totalUsd: [...ledger.costByAgent.values()].reduce((sum, cost) => sum + cost, 0),
    tasks,
    byModel: [...byModel.values()].sort((a, b) => b.costUsd - a.costUsd),
    byAgent: [...agents.values()].sort((a, b) => b.costUsd - a.costUsd),
    latest: ledger.latest.slice(-10).reverse(),
    invalidLines: ledger.invalidLines,
  };
}

/**
 * `super-agents status`: this project's KM (running, stopped, dead, stale or
 * unhealthy, with port, pid, uptime and health), its supervised worker
 * (pid, alive, restarts), database size, queue counts and agent count. Exit
 * code as in LSB init scripts: 0 running, 1 dead, stale or unhealthy (the
 * worker's supervisor included), 3 stopped. Imports nothing heavy (no zod), so it starts
 * nearly as fast as Deno itself.
 * @module
 */

import { defineCommand } from "../../../core/cli/command.ts";
import { styles } from "../../../core/cli/style.ts";
import { kmUrl } from "../../../core/km_client/health_probe.ts";
import { inspectKm, type KmStatus } from "../inspect.ts";
import {
  agentCount,
  databaseSize,
  formatBytes,
  formatDuration,
  laneStatusLine,
  projectLanes,
  queueDbReader,
  queueSummary,
} from "../project_status.ts";
import { registryDbPath } from "../registry_path.ts";
import { requireProject } from "../../../core/paths.ts";
import { inspectWorker, type WorkerInspection } from "../worker_supervisor/inspect.ts";

const exitCodes: Record<KmStatus, number> = {
  running: 0,
  stopped: 3,
  dead: 1,
  stale: 1,
  unhealthy: 1,
};

const fixes: Partial<Record<KmStatus, string>> = {
  stopped: "super-agents start",
  dead: "super-agents start (cleans the stale files and restarts on the same port)",
  stale: "super-agents start (cleans the stale files)",
  unhealthy: "super-agents restart",
};

const workerFixes: Partial<Record<WorkerInspection["status"], string>> = {
  dead: "super-agents restart (nothing restarts the worker while its supervisor is gone)",
  stale: "super-agents restart",
};

/** The worker part of `status --json`. */
function workerReport(worker: WorkerInspection) {
  return {
    status: worker.status,
    reason: worker.reason,
    pid: worker.workerPid,
    alive: worker.workerPid !== undefined,
    supervisorPid: worker.record?.supervisor.pid,
    restarts: worker.record?.restarts ?? 0,
    lastExit: worker.record?.lastExit,
    lastHeartbeatAt: worker.lastHeartbeatAt,
    fix: workerFixes[worker.status],
  };
}

/** The `status` command. */
export const command = defineCommand({
  name: "status",
  summary: "KM, queue and agent status",
  description: "Exit code: 0 running, 1 dead/stale/unhealthy (KM or worker supervisor), " +
    "3 stopped.",
  examples: ["super-agents status", "super-agents status --json"],
  async run(ctx) {
    const paths = requireProject(ctx);
    const dbPath = registryDbPath(paths);
    const reader = queueDbReader(paths); // queue counts and lanes share one open
    const [km, dbBytes, agents, queue, lanes] = await Promise.all([
      inspectKm(paths),
      databaseSize(dbPath),
      agentCount(paths),
      queueSummary(ctx, paths, reader),
      projectLanes(paths, ctx.now(), reader),
    ]).finally(() => reader.close());
    const worker = inspectWorker(paths);
    const broken = worker.status === "dead" || worker.status === "stale";
    const exitCode = exitCodes[km.status] === 0 && broken ? 1 : exitCodes[km.status];
    const host = km.state?.started.host ?? "127.0.0.1";
    const url = km.port !== undefined ? kmUrl(host, km.port) : undefined;
    const uptimeMs = km.status === "running" ? ctx.now() - km.state!.started.startedAt : undefined;
    if (ctx.json) {
      ctx.stdout.write(
        JSON.stringify({
          root: paths.root,
          km: {
            status: km.status,
            reason: km.reason,
            url,
            port: km.port,
            pid: km.pid,
            uptimeMs,
            instance: km.health?.instance,
            version: km.health?.version,
            fix: fixes[km.status],
          },
          worker: workerReport(worker),
          database: { path: dbPath, bytes: dbBytes },
          queue,
          lanes: lanes ?? null,
          agents,
        }) + "\n",
      );
      return exitCode;
    }
    const s = styles(ctx.color);
    const color = km.status === "running" ? s.green : km.status === "stopped" ? s.dim : s.red;
    const lines = [`${s.bold("KM")}       ${color(km.status)}${url ? `  ${url}` : ""}`];
    if (km.reason) lines.push(`  reason   ${km.reason}`);
    if (km.port !== undefined) lines.push(`  port     ${km.port}`);
    if (km.pid !== undefined) lines.push(`  pid      ${km.pid}`);
    if (uptimeMs !== undefined) lines.push(`  uptime   ${formatDuration(uptimeMs)}`);
    if (km.health) lines.push(`  health   ok (instance ${km.health.instance})`);
    if (fixes[km.status]) lines.push(`  fix      ${fixes[km.status]}`);
    lines.push(...workerLines(worker, s, ctx.now()));
    lines.push(`${s.bold("database")} ${formatBytes(dbBytes)}  ${dbPath}`);
    lines.push(
      `${s.bold("queue")}    ${
        queue.available
          ? Object.entries(queue.counts).map(([state, n]) => `${state} ${n}`).join(", ") ||
            "empty"
          : queue.reason
      }`,
    );
    lines.push(`${s.bold("lanes")}    ${laneStatusLine(lanes)}`);
    // The project's own files; `agents list` adds the plugins' built-in agents (secret-scan, ...).
    lines.push(`${s.bold("agents")}   ${agents} in .claude/agents (plus built-in: agents list)`);
    ctx.stdout.write(lines.join("\n") + "\n");
    return exitCode;
  },
});

function workerLines(
  worker: WorkerInspection,
  s: ReturnType<typeof styles>,
  now: number,
): string[] {
  const report = workerReport(worker);
  const color = worker.status === "running"
    ? s.green
    : worker.status === "stopped"
    ? s.dim
    : worker.status === "restarting"
    ? s.yellow
    : s.red;
  const lines = [`${s.bold("worker")}   ${color(worker.status)}`];
  if (report.reason) lines.push(`  reason   ${report.reason}`);
  if (report.pid !== undefined) lines.push(`  pid      ${report.pid} (alive)`);
  if (report.lastHeartbeatAt !== undefined) {
    lines.push(`  beat     ${formatDuration(Math.max(0, now - report.lastHeartbeatAt))} ago`);
  }
  if (report.supervisorPid !== undefined) {
    lines.push(`  restarts ${report.restarts} (supervisor pid ${report.supervisorPid})`);
  }
  if (report.fix) lines.push(`  fix      ${report.fix}`);
  return lines;
}

/**
 * `super-agents queue stats`: how many jobs are in each state, how many are
 * ready per priority, how old the oldest waiting job is, and which agents'
 * circuits are not closed.
 * @module
 */

import { defineCommand } from "../../core/cli/command.ts";
import { styles } from "../../core/cli/style.ts";
import { formatRows } from "../../core/cli/table.ts";
import { CircuitBreakers } from "../../core/orchestration/circuit_breaker.ts";
import { formatDuration } from "../../core/orchestration/flow_view.ts";
import { JOB_STATES, PRIORITIES } from "../../core/queue/job.ts";
import { withProjectQueue } from "../../core/queue/project_queue.ts";
import { openQueueDatabase } from "../../core/queue/sqlite_db.ts";
import { migrate } from "./queue_migrate.ts";
import { prune } from "./queue_prune.ts";

const stats = defineCommand({
  name: "stats",
  summary: "jobs per state and priority, oldest waiting job, open circuits",
  examples: ["super-agents queue stats", "super-agents queue stats --json"],
  async run(ctx) {
    const { stats, circuits, backend } = await withProjectQueue(
      ctx,
      async ({ queue, paths, config }) => {
        const db = openQueueDatabase(paths);
        try {
          const breakers = new CircuitBreakers(db, {
            failures: config.pool.circuitFailures,
            coolDownMs: config.pool.circuitCoolDownMs,
          });
          const circuits = breakers.list().filter((c) => c.state !== "closed");
          return { stats: await queue.stats(), circuits, backend: queue.backend };
        } finally {
          db.close();
        }
      },
    );
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ backend, ...stats, circuits }) + "\n");
      return;
    }
    const s = styles(ctx.color);
    const lines = [`${s.bold("queue")} (${backend})  ${stats.total} jobs`];
    lines.push(
      formatRows(JOB_STATES.map((state) => [state, String(stats.byState[state])]), "  ").trimEnd(),
    );
    lines.push(`${s.bold("ready")}  ` + PRIORITIES.map((p) => `${p} ${stats.ready[p]}`).join("  "));
    if (stats.oldestQueuedAt !== null) {
      lines.push(`oldest queued job waiting ${formatDuration(ctx.now() - stats.oldestQueuedAt)}`);
    }
    for (const c of circuits) {
      lines.push(
        s.yellow(`circuit ${c.agent} ${c.state} after ${c.failures} consecutive failures`),
      );
    }
    ctx.stdout.write(lines.join("\n") + "\n");
  },
});

/** The `queue` command. */
export const command = defineCommand({
  name: "queue",
  summary: "inspect, prune and migrate the task queue",
  subcommands: { stats, prune, migrate },
  examples: ["super-agents queue stats", "super-agents queue prune --older-than 7"],
});

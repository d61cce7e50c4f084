/**
 * `super-agents list`: the projects of the global index with their KM's
 * status, port and health, checked in parallel with short timeouts. Without
 * `--all` only projects whose KM is running (or left state behind) are shown.
 * @module
 */

import { booleanFlag, defineCommand } from "../../../core/cli/command.ts";
import { formatTable } from "../../../core/cli/table.ts";
import { kmUrl } from "../../../core/km_client/health_probe.ts";
import { indexedProjectRoots } from "../indexed_projects.ts";
import { inspectKm } from "../inspect.ts";
import { projectPaths } from "../../../core/paths.ts";

/** The `list` command. */
export const command = defineCommand({
  name: "list",
  summary: "list projects and KMs",
  flags: {
    all: { type: "boolean", short: "a", description: "include projects whose KM is stopped" },
  },
  examples: ["super-agents list", "super-agents list --all", "super-agents list --all --json"],
  async run(ctx, args) {
    const roots = await indexedProjectRoots(ctx);
    const rows = await Promise.all(roots.map(async (root) => {
      const km = await inspectKm(projectPaths(root), { healthTimeoutMs: 300 });
      const host = km.state?.started.host ?? "127.0.0.1";
      return {
        root,
        status: km.status,
        port: km.port,
        pid: km.pid,
        url: km.status === "running" && km.port ? kmUrl(host, km.port) : undefined,
        healthy: km.status === "running",
        reason: km.reason,
      };
    }));
    const shown = booleanFlag(args, "all") ? rows : rows.filter((row) => row.status !== "stopped");
    if (ctx.json) {
      ctx.stdout.write(JSON.stringify({ projects: shown }) + "\n");
      return;
    }
    if (shown.length === 0) {
      ctx.stdout.write(
        roots.length === 0
          ? "no projects in the index yet (`super-agents init` adds one)\n"
          : "no KM is running (`super-agents list --all` shows every project)\n",
      );
      return;
    }
    ctx.stdout.write(formatTable(
      ["STATUS", "PORT", "PID", "PROJECT"],
      shown.map((row) => [row.status, String(row.port ?? "-"), String(row.pid ?? "-"), row.root]),
    ));
  },
});

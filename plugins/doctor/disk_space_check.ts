/**
 * Doctor check: free disk space where the project (or the per-user data)
 * lives, against `resources.minFreeDiskMb`, and how much old agent
 * workspaces `clean` would free.
 * @module
 */

import { diskUsage, formatBytes } from "../../core/resources/disk_space.ts";
import { listWorkspaces, planCleanup } from "../../core/resources/workspace_cleanup.ts";
import { defineCheck, type Finding } from "./check.ts";

const id = "disk-space";

/** The check. */
export const check = defineCheck({
  id,
  title: "enough free disk space",
  async run(env): Promise<Finding[]> {
    const dir = env.paths?.claude ?? env.ctx.dataHome;
    const usage = await diskUsage(dir, env.ctx.now);
    const minFree = env.config.resources.minFreeDiskMb * 1024 * 1024;
    const free = `${formatBytes(usage.availableBytes)} free on ${usage.mountedOn}`;
    const findings: Finding[] = [];
    if (usage.availableBytes < minFree) {
      findings.push({
        check: id,
        severity: "error",
        message: `${free}: below resources.minFreeDiskMb (${
          formatBytes(minFree)
        }); big writes are refused`,
        fix: "super-agents clean   (old agent workspaces), then free space on the disk",
      });
    } else if (usage.availableBytes < 2 * minFree) {
      findings.push({
        check: id,
        severity: "warning",
        message: `${free}: close to resources.minFreeDiskMb (${formatBytes(minFree)})`,
        fix: "super-agents clean",
      });
    } else findings.push({ check: id, severity: "ok", message: free });
    if (env.paths) {
      const plan = planCleanup(
        await listWorkspaces(env.paths.workspaces),
        env.config.resources,
        env.ctx.now(),
      );
      if (plan.remove.length > 0) {
        findings.push({
          check: id,
          severity: "info",
          message: `${plan.remove.length} old agent workspace(s) hold ${
            formatBytes(plan.freedBytes)
          }`,
          fix: "super-agents clean --dry-run   (then super-agents clean)",
        });
      }
    }
    return findings;
  },
});

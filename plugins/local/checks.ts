/**
 * The local checks (secret scan, contract check, file-system guard,
 * dependency check from `plugins/local_checks/`) as deterministic agents:
 * the task text names what to check — `staged` (default), `since <ref>`,
 * `range <from>..<to>` or `all` — and findings that reach `checks.failOn`
 * fail the task.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import type { AgentJob, AgentJobIO, AgentJobResult } from "../../core/plugin.ts";
import type { ChangeSource } from "../local_checks/git_changes.ts";
import type { CheckName } from "../local_checks/types.ts";
import { localResult } from "./result.ts";

/** Local agent name → the check it runs. */
export const CHECK_AGENTS: Readonly<Record<string, CheckName>> = {
  "secret-scan": "secret-scan",
  "contract-check": "contract-guardian",
  "fs-guard": "filesystem-guardian",
  "dependency-check": "dependency-guard",
};

/** What to check, from the task text. */
export function changeSource(task: string): ChangeSource {
  const range = /\brange\s+(\S+)\.\.(\S+)/.exec(task);
  if (range) return { kind: "range", from: range[1], to: range[2] };
  const since = /\bsince\s+(\S+)/.exec(task);
  if (since) return { kind: "since", ref: since[1] };
  if (/\ball\b/.test(task)) return { kind: "all" };
  return { kind: "staged" };
}

/**
 * Runs the check of `job.agent.name` over the change the task names.
 *
 * @example
 * ```ts
 * await runCheckAgent(config, { ...job, task: "since HEAD~3" }, io);
 * ```
 */
export async function runCheckAgent(
  config: Config,
  job: AgentJob,
  io: AgentJobIO,
): Promise<AgentJobResult> {
  const check = CHECK_AGENTS[job.agent.name];
  const { checkChanges } = await import("../local_checks/check_changes.ts");
  const source = changeSource(job.task);
  const report = await checkChanges({
    root: job.root,
    source,
    checks: config.checks,
    only: [check],
    shard: job.shard,
  });
  const lines = report.findings.map((f) =>
    `${f.file}:${f.line} [${f.severity}] ${f.rule}: ${f.message} — fix: ${f.fix}`
  );
  const summary = `${check}: ${report.findings.length} finding(s) in ${report.files} file(s) ` +
    `(${source.kind}), ${report.blocked ? "blocked" : "passed"}`;
  const output = [...lines, summary].join("\n") + "\n";
  io.write(output);
  return report.blocked
    ? localResult("failed", output, {
      code: "CHECK_FINDINGS",
      message: summary,
      hint: "fix the findings above, or allow-list a false positive in checks.allowlistFile",
    })
    : localResult("completed", output);
}

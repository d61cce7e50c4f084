/**
 * The local checks (secret scan, contract check, file-system guard,
 * dependency check from `plugins/local_checks/`) as deterministic agents:
 * the task text names what to check — `staged` (default), `since <ref>`,
 * `range <from>..<to>` or `all` — and findings that reach `checks.failOn`
 * fail the task. The task's first line is read strictly (what follows it,
 * such as the results of earlier steps, is not an instruction): a word
 * after `range` or `since` that is not a revision fails the task with the
 * reason, never scans nothing and passes, and never reaches git as an option.
 * @module
 */

import type { Config } from "../../core/config/schema.ts";
import { SuperAgentsError } from "../../core/errors.ts";
import { assertRevision, parseRange } from "../../core/git_policy.ts";
import type { AgentJob, AgentJobIO, AgentJobResult } from "../../core/plugin.ts";
import type { ChangeSource } from "../local_checks/git_changes.ts";
import type { CheckName } from "../local_checks/types.ts";
import { localAgentFiles } from "./agents/mod.ts";
import { localResult } from "./result.ts";

/** Local agent name → the check it runs (each agent is named like its check). */
export const CHECK_AGENTS: Readonly<Record<string, CheckName>> = {
  "secret-scan": "secret-scan",
  "contract-guardian-check": "contract-guardian-check",
  "filesystem-guardian-check": "filesystem-guardian-check",
  "dependency-check": "dependency-check",
};

/**
 * What to check, from the first line of the task text; throws
 * `GIT_ARGUMENT_REFUSED` when `range`/`since` is not followed by revisions.
 *
 * @example
 * ```ts
 * changeSource("since HEAD~3"); // { kind: "since", ref: "HEAD~3" }
 * changeSource("range --output=/x..HEAD"); // throws: an option is not a revision
 * ```
 */
export function changeSource(task: string): ChangeSource {
  const line = task.trim().split("\n")[0];
  const words = line.split(/\s+/);
  for (const keyword of ["range", "since"] as const) {
    const at = words.indexOf(keyword);
    if (at === -1) continue;
    const value = words[at + 1];
    if (value === undefined) throw missingRevision(keyword);
    if (keyword === "since") return { kind: "since", ref: assertRevision(value, "since") };
    return { kind: "range", ...parseRange(value, "range") };
  }
  return /\ball\b/.test(line) ? { kind: "all" } : { kind: "staged" };
}

function missingRevision(keyword: "range" | "since"): SuperAgentsError {
  return new SuperAgentsError(
    "GIT_ARGUMENT_REFUSED",
    `${keyword} needs ${keyword === "range" ? "a range from..to" : "a git revision"}`,
    {
      hint: keyword === "range"
        ? "e.g. `range main..HEAD`; or say `staged`, `since <ref>` or `all`"
        : "e.g. `since origin/main` or `since HEAD~3`; or say `staged`, `range a..b` or `all`",
      exitCode: 2,
    },
  );
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
  let source: ChangeSource;
  let report: Awaited<ReturnType<typeof checkChanges>>;
  try {
    source = changeSource(job.task);
    report = await checkChanges({
      root: job.root,
      source,
      checks: config.checks,
      only: [check],
      shard: job.shard,
      // This plugin's own agents, also inside a sandboxed worker, where there is no plugin host.
      pluginAgents: Object.entries(localAgentFiles).map(([fileName, markdown]) => ({
        plugin: "local",
        fileName,
        markdown,
      })),
    });
  } catch (error) {
    if (!isDeterministicGitFailure(error)) throw error;
    // The task names changes that cannot be read (a refused or unknown revision): retrying
    // cannot help, so the task fails with git's or the policy's reason.
    const output = `${check}: ${error.message}\nhint: ${error.hint}\n`;
    io.write(output);
    return localResult("failed", output, {
      code: error.code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
    });
  }
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

function isDeterministicGitFailure(error: unknown): error is SuperAgentsError {
  return error instanceof SuperAgentsError &&
    (error.code === "GIT_ARGUMENT_REFUSED" || error.code === "GIT_FAILED");
}

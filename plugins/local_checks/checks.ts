/**
 * The table of built-in checks: each name with its function and the paths
 * whose previous version it compares against (so the git reader fetches
 * only those), and {@linkcode runChecksInline}, which runs a selection of
 * them over files and collects the findings in a stable order.
 * @module
 */

import { agentGrantsNeedPrevious } from "./agent_grants.ts";
import { contractGuardian, contractNeedsPrevious } from "./contract_guardian.ts";
import { dependencyGuard, dependencyNeedsPrevious } from "./dependency_guard.ts";
import { filesystemGuardian } from "./filesystem_guardian.ts";
import { secretScan } from "./secret_scan.ts";
import type { ChangedFile, Check, CheckName, CheckOptions, Finding } from "./types.ts";

/** One built-in check. */
export interface CheckDefinition {
  name: CheckName;
  run: Check;
  /** Paths whose previous version this check compares against. */
  needsPrevious?: (path: string) => boolean;
}

/** Every built-in check by name. */
export const CHECKS: Record<CheckName, CheckDefinition> = {
  "secret-scan": { name: "secret-scan", run: secretScan },
  "contract-guardian-check": {
    name: "contract-guardian-check",
    run: contractGuardian,
    needsPrevious: contractNeedsPrevious,
  },
  "filesystem-guardian-check": {
    name: "filesystem-guardian-check",
    run: filesystemGuardian,
    needsPrevious: agentGrantsNeedPrevious,
  },
  "dependency-check": {
    name: "dependency-check",
    run: dependencyGuard,
    needsPrevious: dependencyNeedsPrevious,
  },
};

/** True when one of `names` needs the previous version of `path`. */
export function needsPrevious(names: readonly CheckName[], path: string): boolean {
  return names.some((name) => CHECKS[name].needsPrevious?.(path) ?? false);
}

/** Orders findings by file, line, then rule, so output is deterministic. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.rule.localeCompare(b.rule)
  );
}

/**
 * Runs the named checks in this thread.
 *
 * @example
 * ```ts
 * const findings = await runChecksInline(["secret-scan"], files, options);
 * ```
 */
export async function runChecksInline(
  names: readonly CheckName[],
  files: ChangedFile[],
  options: CheckOptions,
): Promise<Finding[]> {
  const results = await Promise.all(names.map((name) => CHECKS[name].run(files, options)));
  return sortFindings(results.flat());
}

/**
 * The human output of the checks: one `file:line: rule: message` line per
 * finding (the form editors and terminals turn into links) with its fix
 * indented below, and a summary line that says whether the change is
 * blocked.
 * @module
 */

import type { CheckReport } from "./check_changes.ts";
import type { Finding } from "./types.ts";

/** Colour functions (identity when colour is off). */
export interface TextStyles {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  green(text: string): string;
}

/**
 * Formats a report as text.
 *
 * @example
 * ```ts
 * ctx.stderr.write(formatText(report, "commit"));
 * // src/keys.ts:3: aws-access-key-id: AWS access key id AKIA…4T (20 chars)
 * //   fix: remove it and rotate it, ...
 * ```
 */
export function formatText(report: CheckReport, action: string, styles?: TextStyles): string {
  const s = styles ?? { red: id, yellow: id, dim: id, green: id };
  let out = "";
  for (const finding of report.findings) {
    const rule = finding.severity === "error" ? s.red(finding.rule) : s.yellow(finding.rule);
    out += `${finding.file}:${finding.line}: ${rule}: ${finding.message}\n`;
    out += s.dim(`  fix: ${finding.fix}`) + "\n";
  }
  out += summary(report, action, s) + "\n";
  return out;
}

function summary(report: CheckReport, action: string, s: TextStyles): string {
  const where =
    `${report.files} file${report.files === 1 ? "" : "s"}, ${report.checks.length} checks, ` +
    `${report.durationMs} ms`;
  if (report.findings.length === 0) return s.green(`checks passed`) + s.dim(` (${where})`);
  const counts = countBySeverity(report.findings);
  const verdict = report.blocked
    ? s.red(`${action} blocked`) + ` (fix the findings, or skip a check once with ` +
      `SUPER_AGENTS_SKIP=<check>)`
    : s.yellow("not blocking");
  return `${counts} — ${verdict}` + s.dim(` (${where})`);
}

/** "2 errors, 1 warning". */
export function countBySeverity(findings: Finding[]): string {
  const parts: string[] = [];
  for (const severity of ["error", "warning", "note"] as const) {
    const n = findings.filter((f) => f.severity === severity).length;
    if (n) parts.push(`${n} ${severity}${n === 1 ? "" : "s"}`);
  }
  return parts.join(", ");
}

function id(text: string): string {
  return text;
}

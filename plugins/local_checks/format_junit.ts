/**
 * JUnit XML output of the checks, for CI systems that show test reports
 * (GitLab `artifacts:reports:junit`, Jenkins `junit`, Azure
 * `PublishTestResults`): one test suite per check, one test case per file
 * with findings — failed when a finding blocks — and one passing case per
 * clean check so a green run is visible too.
 * @module
 */

import type { CheckReport } from "./check_changes.ts";
import type { Finding } from "./types.ts";

/** Escapes text for XML attributes and content. */
export function escapeXml(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

/**
 * The report as a JUnit XML document.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("super-agents-junit.xml", formatJunit(report));
 * ```
 */
export function formatJunit(report: CheckReport): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const check of report.checks) {
    const byFile = new Map<string, Finding[]>();
    for (const f of report.findings.filter((f) => f.check === check)) {
      byFile.set(f.file, [...byFile.get(f.file) ?? [], f]);
    }
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const [file, findings] of byFile) {
      const failing = findings.some((f) => f.severity === "error");
      const body = findings.map((f) =>
        `${f.file}:${f.line}: ${f.rule}: ${f.message}\n  fix: ${f.fix}`
      ).join("\n");
      const first = findings[0];
      const inner = failing
        ? `<failure message="${escapeXml(first.message)}" type="${escapeXml(first.rule)}">${
          escapeXml(body)
        }</failure>`
        : `<system-out>${escapeXml(body)}</system-out>`;
      cases.push(
        `    <testcase classname="${check}" name="${escapeXml(file)}" file="${
          escapeXml(file)
        }">${inner}</testcase>`,
      );
      if (failing) suiteFailures++;
    }
    if (cases.length === 0) {
      cases.push(`    <testcase classname="${check}" name="${check} (${report.files} files)"/>`);
    }
    tests += cases.length;
    failures += suiteFailures;
    suites.push(
      `  <testsuite name="${check}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n` +
        cases.join("\n") + "\n  </testsuite>",
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="super-agents check" tests="${tests}" failures="${failures}" errors="0" time="${seconds}">\n` +
    suites.join("\n") + "\n</testsuites>\n";
}

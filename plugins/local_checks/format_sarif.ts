/**
 * SARIF 2.1.0 output of the checks, the format GitHub code scanning
 * (`github/codeql-action/upload-sarif`) and other CI systems read: one run,
 * the rules that fired with their fix as help text, one result per finding
 * with its file and line relative to the source root.
 * @module
 */

import { VERSION } from "../../core/version.ts";
import type { Finding } from "./types.ts";

const LEVEL = { error: "error", warning: "warning", note: "note" } as const;

/**
 * The findings as a SARIF 2.1.0 log (a JSON string).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("super-agents.sarif", formatSarif(report.findings));
 * ```
 */
export function formatSarif(findings: Finding[]): string {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const rules = ruleIds.map((id) => {
    const first = findings.find((f) => f.rule === id)!;
    return {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase()),
      shortDescription: { text: `${first.check}: ${id}` },
      help: { text: first.fix },
      defaultConfiguration: { level: LEVEL[first.severity] },
      properties: { tags: [first.check] },
    };
  });
  const results = findings.map((finding) => ({
    ruleId: finding.rule,
    ruleIndex: ruleIds.indexOf(finding.rule),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message}. Fix: ${finding.fix}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(finding.file), uriBaseId: "%SRCROOT%" },
        region: { startLine: Math.max(1, finding.line) },
      },
    }],
    // Code scanning tracks a secret across edits by this (rule, path, secret digest; no line).
    ...(finding.fingerprint
      ? { partialFingerprints: { "secretFingerprint/v1": finding.fingerprint } }
      : {}),
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "super-agents",
          version: VERSION,
          rules,
        },
      },
      originalUriBaseIds: { "%SRCROOT%": { uri: "./" } },
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

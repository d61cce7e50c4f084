/**
 * The secret scan check: the rules of `secrets/` (tokens with a shape of
 * their own, checksums verified where the format has one; provider keys
 * next to their names; passwords in configuration files; credentials in
 * URLs and headers; random values assigned to secret names) over every
 * added or modified file — UTF-16 and files with NUL bytes decoded, files
 * over the size limit included (scanned in chunks). Allow-listed values and
 * paths, lines marked `super-agents:allow-secret` (on the line or the one
 * above) and findings recorded in the baseline pass. Secrets are never
 * echoed: messages show a redacted form and the value's SHA-256, which is
 * what the allow-list takes.
 * @module
 */

import { matchesAny } from "../../core/fs/glob_pattern.ts";
import { lineLocator } from "./file_text.ts";
import { isAllowedValue, sha256Hex } from "./secret_allowlist.ts";
import { baselineFingerprint } from "./secrets/baseline.ts";
import { decodeForScan } from "./secrets/decode_text.ts";
import type { Hit } from "./secrets/hit.ts";
import { scanText } from "./secrets/scan_text.ts";
import type { ChangedFile, Check, CheckOptions, Finding } from "./types.ts";

/** The marker that allows a secret on its line (or on the next line, from a comment). */
export const ALLOW_MARKER = "super-agents:allow-secret";

/**
 * Finds secrets in the added and modified files.
 *
 * @example
 * ```ts
 * const findings = secretScan(files, options);
 * // [{ file: "src/aws.ts", line: 3, rule: "aws-access-key-id", ... }]
 * ```
 */
export const secretScan: Check = (files, options) => {
  const findings: Finding[] = [];
  const baseline = new Set(options.baseline ?? []);
  for (const file of files) {
    if (file.status === "D" || file.path === options.allowlistPath) continue;
    if (file.path === options.baselinePath) continue;
    if (matchesAny(file.path, options.allowlist.paths)) continue;
    const bytes = file.content ?? file.oversizeContent;
    if (bytes === undefined) {
      if (file.size > options.maxFileBytes && file.mode !== "160000") {
        findings.push(unscanned(file));
      }
      continue;
    }
    const decoded = decodeForScan(file.path, bytes);
    if (decoded === undefined) continue;
    const hits = scanText(decoded.text, {
      path: file.path,
      entropyThreshold: options.entropyThreshold,
      textual: decoded.textual,
    });
    if (hits.length) findings.push(...toFindings(file, decoded.text, hits, options, baseline));
  }
  return findings;
};

function toFindings(
  file: ChangedFile,
  text: string,
  hits: Hit[],
  options: CheckOptions,
  baseline: Set<string>,
): Finding[] {
  const line = lineLocator(text);
  const findings: Finding[] = [];
  for (const hit of hits) {
    const number = line(hit.start);
    if (allowedByMarker(text, hit.start)) continue;
    if (isAllowedValue(hit.value, options.allowlist)) continue;
    const fingerprint = baselineFingerprint(hit.rule, hit.value, file.path);
    if (baseline.has(fingerprint)) continue;
    findings.push({
      file: file.path,
      line: number,
      rule: hit.rule,
      check: "secret-scan",
      severity: hit.severity,
      message: `${hit.label} ${redact(hit.value)}`,
      fix: "remove it and rotate it, then read it from the environment or the credential store; " +
        `if it is not a secret, add "sha256:${sha256Hex(hit.value)}" to ` +
        `${options.allowlistPath} or "${ALLOW_MARKER}" to the line, ` +
        "or accept today's findings with `super-agents check --write-baseline`",
      fingerprint,
    });
  }
  return findings;
}

/** A file too large even for the chunked scan: said, not passed over in silence. */
function unscanned(file: ChangedFile): Finding {
  return {
    file: file.path,
    line: 1,
    rule: "secret-scan-skipped",
    check: "secret-scan",
    severity: "warning",
    message: `file of ${file.size} bytes is too large to scan for secrets`,
    fix:
      "keep files this large out of the repository (Git LFS), or scan them with a dedicated tool",
  };
}

/** True when the hit's line or the line above carries the allow marker. */
function allowedByMarker(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const previousStart = lineStart === 0 ? 0 : text.lastIndexOf("\n", lineStart - 2) + 1;
  const lineEnd = text.indexOf("\n", offset);
  return text.slice(previousStart, lineEnd === -1 ? text.length : lineEnd).includes(ALLOW_MARKER);
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…LE (20 chars)`: enough to find it, not enough to use it. */
export function redact(value: string): string {
  if (value.length <= 8) return `${"*".repeat(value.length)} (${value.length} chars)`;
  return `${value.slice(0, 4)}…${value.slice(-2)} (${value.length} chars)`;
}

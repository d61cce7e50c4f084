/**
 * The secret scan check: known token formats (AWS key ids and the secret key
 * near them, GitHub, GitLab, Slack, Stripe, Anthropic, OpenAI, Google, npm,
 * private key blocks, JWTs that really decode, passwords in URLs) plus
 * high-entropy values in assignments. Allow-listed values and paths and lines
 * marked `super-agents:allow-secret` (on the line or the one above) pass.
 * Secrets are never echoed: messages show a redacted form and the value's
 * SHA-256, which is what the allow-list takes.
 * @module
 */

import { looksRandom, shannonEntropy } from "../../core/secrets/entropy.ts";
import {
  AWS_SECRET_KEY as AWS_SECRET,
  SECRET_PATTERNS,
} from "../../core/secrets/secret_patterns.ts";
import { lineLocator, textOf } from "./file_text.ts";
import { matchesAny } from "../../core/fs/glob_pattern.ts";
import { isAllowedValue, sha256Hex } from "./secret_allowlist.ts";
import type { ChangedFile, Check, CheckOptions, Finding, Severity } from "./types.ts";

/** The marker that allows a secret on its line (or on the next line, from a comment). */
export const ALLOW_MARKER = "super-agents:allow-secret";

/** A value right after `=` or `:` (found first: scanning for operators is far cheaper than for names). */
const ASSIGNED_VALUE = /[=:][ \t]*(["'`]?)([A-Za-z0-9+/_=~-]{16,512})(?=\1)(?![A-Za-z0-9+/_=~.-])/g;
/** The name being assigned, at the end of the text before the value. */
const ASSIGNED_NAME =
  /(["']?)([A-Za-z_$][\w$.-]{0,63})\1[ \t]*(?::[ \t]*[\w<>[\]| ]{1,40}?[ \t]*)?(?:=>|:=|=|:)[ \t]*["'`]?$/;
const SECRET_NAME =
  /secret|token|passw(?:or)?d|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth|signing[_-]?key/i;
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|deno\.lock|bun\.lock|Cargo\.lock|go\.sum|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|[^/]+\.lock)$/;
const TEST_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|__fixtures__|testdata)\/|[._]test\.|\.spec\./;
const AWS_CONTEXT_LINES = 4;

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
  for (const file of files) {
    if (file.status === "D" || file.path === options.allowlistPath) continue;
    if (matchesAny(file.path, options.allowlist.paths)) continue;
    const text = textOf(file.content);
    if (text !== undefined) findings.push(...scanText(file, text, options));
  }
  return findings;
};

/** A matched secret: where and what. */
interface Hit {
  start: number;
  end: number;
  value: string;
  rule: string;
  label: string;
  severity: Severity;
}

function scanText(file: ChangedFile, text: string, options: CheckOptions): Finding[] {
  const hits: Hit[] = [];
  const taken = (start: number, end: number) => hits.some((h) => start < h.end && end > h.start);
  for (const pattern of SECRET_PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (const match of text.matchAll(pattern.regex)) {
      const value = match[1];
      const start = match.index + match[0].indexOf(value);
      const end = start + value.length;
      if (pattern.validate && !pattern.validate(value, text, match.index + match[0].length)) {
        continue;
      }
      if (taken(start, end)) continue;
      const { rule, label, severity } = pattern;
      if (rule === "private-key") {
        const block = keyBlock(text, match.index);
        hits.push({
          start: match.index,
          end: match.index + block.length,
          value: block,
          rule,
          label,
          severity,
        });
      } else hits.push({ start, end, value, rule, label, severity });
    }
  }
  const awsKeys = hits.filter((hit) => hit.rule === "aws-access-key-id");
  if (awsKeys.length) hits.push(...awsSecretKeys(text, awsKeys, taken));
  if (!LOCKFILE.test(file.path)) hits.push(...entropyHits(file, text, options, taken));
  return toFindings(file, text, hits, options);
}

/** The whole key block from its BEGIN line to its END line (the value the allow-list hashes). */
function keyBlock(text: string, start: number): string {
  const end = text.indexOf("-----END", start);
  if (end === -1) return text.slice(start, start + 600);
  const close = text.indexOf("-----", end + 8);
  return text.slice(start, close === -1 ? end + 8 : close + 5);
}

/** 40-character secret keys within a few lines of an AWS access key id. */
function awsSecretKeys(
  text: string,
  keys: Hit[],
  taken: (start: number, end: number) => boolean,
): Hit[] {
  const line = lineLocator(text);
  const keyLines = keys.map((key) => line(key.start));
  const hits: Hit[] = [];
  for (const match of text.matchAll(AWS_SECRET)) {
    const start = match.index;
    const value = match[1];
    const near = keyLines.some((keyLine) => Math.abs(line(start) - keyLine) <= AWS_CONTEXT_LINES);
    if (!near || taken(start, start + value.length) || shannonEntropy(value) < 4) continue;
    if (!/[A-Z]/.test(value) || !/[a-z]/.test(value) || !/\d/.test(value)) continue;
    hits.push({
      start,
      end: start + value.length,
      value,
      rule: "aws-secret-access-key",
      label: "AWS secret access key",
      severity: "error",
    });
  }
  return hits;
}

/** Random-looking values assigned to names (`TOKEN=...`, `apiKey: "..."`). */
function entropyHits(
  file: ChangedFile,
  text: string,
  options: CheckOptions,
  taken: (start: number, end: number) => boolean,
): Hit[] {
  const hits: Hit[] = [];
  const inTests = TEST_PATH.test(file.path);
  for (const match of text.matchAll(ASSIGNED_VALUE)) {
    const value = match[2];
    const start = match.index + match[0].length - value.length;
    if (taken(start, start + value.length)) continue;
    const lineStart = text.lastIndexOf("\n", match.index) + 1;
    const prefix = text.slice(Math.max(lineStart, start - 120), start);
    const name = ASSIGNED_NAME.exec(prefix)?.[2];
    if (name === undefined) continue;
    const secretName = SECRET_NAME.test(prefix);
    if (!looksRandom(value, { secretName, threshold: options.entropyThreshold })) continue;
    hits.push({
      start,
      end: start + value.length,
      value,
      rule: "high-entropy-secret",
      label: `high-entropy value assigned to "${name}"`,
      severity: inTests ? "warning" : "error",
    });
  }
  return hits;
}

function toFindings(file: ChangedFile, text: string, hits: Hit[], options: CheckOptions) {
  const line = lineLocator(text);
  const lines = hits.length ? text.split("\n") : [];
  const findings: Finding[] = [];
  for (const hit of hits.sort((a, b) => a.start - b.start)) {
    const number = line(hit.start);
    const here = lines[number - 1] ?? "";
    const above = lines[number - 2] ?? "";
    if (here.includes(ALLOW_MARKER) || above.includes(ALLOW_MARKER)) continue;
    if (isAllowedValue(hit.value, options.allowlist)) continue;
    findings.push({
      file: file.path,
      line: number,
      rule: hit.rule,
      check: "secret-scan",
      severity: hit.severity,
      message: `${hit.label} ${redact(hit.value)}`,
      fix: "remove it and rotate it, then read it from the environment or the credential store; " +
        `if it is not a secret, add "sha256:${sha256Hex(hit.value)}" to ` +
        `${options.allowlistPath} or "${ALLOW_MARKER}" to the line`,
    });
  }
  return findings;
}

/** `AKIAZ5Q3K7RMXW2PLN4T` → `AKIA…4T (20 chars)`: enough to find it, not enough to use it. */
export function redact(value: string): string {
  if (value.length <= 8) return `${"*".repeat(value.length)} (${value.length} chars)`;
  return `${value.slice(0, 4)}…${value.slice(-2)} (${value.length} chars)`;
}

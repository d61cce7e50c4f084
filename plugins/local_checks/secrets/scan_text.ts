/**
 * The secret scan over one file's text: a single pass finds which rule
 * keywords occur (so a file runs only the rules it could match), then the
 * token rules, the keyword-anchored rules, the assignment and context rules,
 * in that order (a span one rule took is not reported again). Large texts
 * are scanned in chunks of about 1 MiB that overlap by 8 KiB, so memory for
 * matches stays bounded and a finding still names its line.
 * @module
 */

import {
  type SecretRule,
  shapeMatches,
  shapesIn,
  TOKEN_SHAPES,
} from "../../../core/secrets/token_shapes.ts";
import { assignmentHits, isPassword } from "./assignment_rules.ts";
import {
  awsSecretHits,
  connectionStringHits,
  entropyHits,
  headerHits,
  urlCredentialHits,
} from "./context_rules.ts";
import {
  commandLineHits,
  pgpassHits,
  phpDefineHits,
  registryAuthHits,
} from "./credential_line_rules.ts";
import { encryptedSpans } from "./encrypted_spans.ts";
import { type Hit, HitSet } from "./hit.ts";

/** Every rule with a regular expression, token rules first (the kernel's token-shape table). */
export const SECRET_RULES: readonly SecretRule[] = TOKEN_SHAPES;

/** Ids of the rules that are not in {@linkcode SECRET_RULES} (they need context). */
export const CONTEXT_RULE_IDS = [
  "aws-secret-access-key",
  "config-password",
  "hardcoded-password",
  "django-secret-key",
  "credentials-in-url",
  "connection-string-password",
  "authorization-header",
  "curl-basic-auth",
  "pgpass-password",
  "registry-auth",
  "php-define-secret",
  "command-line-password",
  "high-entropy-secret",
] as const;

/** Paths whose heuristic findings are warnings: tests, fixtures, examples, documentation. */
export const LENIENT_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|__fixtures__|testdata|docs?|examples?|samples?)\/|[._]test\.|\.spec\.|\.(?:md|mdx|rst|adoc|txt)$|\.(?:example|sample|template|dist|tmpl)$/i;
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|deno\.lock|bun\.lock|Cargo\.lock|go\.sum|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|[^/]+\.lock)$/;

/** Options of {@linkcode scanText}. */
export interface ScanTextOptions {
  /** Repository-relative path (which rules apply, and how strict). */
  path: string;
  /** Bits per character a generic secret-named value needs. */
  entropyThreshold: number;
  /** False for binaries: only rules for tokens with a shape of their own run. */
  textual?: boolean;
}

const CHUNK = 1 << 20;
const OVERLAP = 8 << 10;

/**
 * The secrets in `text`, in order, with offsets into `text`.
 *
 * @example
 * ```ts
 * scanText('TOKEN = "ghp_…"', { path: "src/a.ts", entropyThreshold: 3.5 });
 * ```
 */
export function scanText(text: string, options: ScanTextOptions): Hit[] {
  if (text.length <= CHUNK + CHUNK / 2) return scanChunk(text, options);
  const hits: Hit[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK);
    const newline = text.indexOf("\n", end);
    if (end < text.length && newline !== -1 && newline - end < OVERLAP) end = newline + 1;
    const window = text.slice(start, Math.min(text.length, end + OVERLAP));
    for (const hit of scanChunk(window, options)) {
      if (start + hit.start < end) {
        hits.push({ ...hit, start: hit.start + start, end: hit.end + start });
      }
    }
    start = end;
  }
  return hits;
}

function scanChunk(text: string, options: ScanTextOptions): Hit[] {
  const hits = new HitSet();
  const lenient = LENIENT_PATH.test(options.path);
  // Ciphertext is how a secret should be committed: nothing inside an envelope is reported.
  for (const span of encryptedSpans(text)) hits.clear(span.start, span.end);
  for (const rule of shapesIn(text)) runRule(rule, text, hits, lenient);
  awsSecretHits(text, hits);
  urlCredentialHits(text, hits, lenient);
  if (options.textual === false || LOCKFILE.test(options.path)) {
    return hits.hits.sort((a, b) => a.start - b.start);
  }
  headerHits(text, hits, lenient);
  connectionStringHits(text, hits, lenient);
  pgpassHits(text, options.path, hits, lenient);
  registryAuthHits(text, hits, lenient);
  phpDefineHits(text, options.path, hits, lenient, isPassword);
  commandLineHits(text, hits, lenient);
  // A long random value is named for that; shorter passwords by where they are assigned.
  entropyHits(text, hits, options.entropyThreshold, lenient);
  assignmentHits(text, hits, { path: options.path, lenient });
  return hits.hits.sort((a, b) => a.start - b.start);
}

function runRule(rule: SecretRule, text: string, hits: HitSet, lenient: boolean): void {
  const block = rule.id === "private-key" || rule.id === "putty-private-key";
  for (const match of shapeMatches(rule, text)) {
    const { start, end, value, verdict, keyed } = match;
    if (hits.taken(start, end)) continue;
    if (verdict === "not-secret") {
      if (!keyed && !block) hits.clear(start, end); // a checked token, not a secret
      continue;
    }
    const weak = verdict === "doubtful" || (keyed && lenient);
    const severity = weak ? "warning" : rule.severity;
    hits.add({ start, end, value, rule: rule.id, label: rule.label, severity });
  }
}

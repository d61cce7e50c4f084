/**
 * The secret scan over one file's text: a single pass finds which rule
 * keywords occur (so a file runs only the rules it could match), then the
 * token rules, the keyword-anchored rules, the assignment and context rules,
 * in that order (a span one rule took is not reported again). Large texts
 * are scanned in chunks of about 1 MiB that overlap by 8 KiB, so memory for
 * matches stays bounded and a finding still names its line.
 * @module
 */

import { shannonEntropy } from "../../../core/secrets/entropy.ts";
import { assignmentHits } from "./assignment_rules.ts";
import {
  awsSecretHits,
  connectionStringHits,
  entropyHits,
  headerHits,
  urlCredentialHits,
} from "./context_rules.ts";
import { type Hit, HitSet } from "./hit.ts";
import { KEYED_RULES } from "./keyed_rules.ts";
import { MORE_TOKEN_RULES } from "./more_token_rules.ts";
import type { SecretRule } from "./rule.ts";
import { isPlaceholderToken } from "./token_checks.ts";
import { TOKEN_RULES } from "./token_rules.ts";

/** Every rule with a regular expression, token rules first. */
export const SECRET_RULES: readonly SecretRule[] = [
  ...TOKEN_RULES,
  ...MORE_TOKEN_RULES,
  ...KEYED_RULES,
];

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
  "high-entropy-secret",
] as const;

/** Paths whose heuristic findings are warnings: tests, fixtures, examples, documentation. */
export const LENIENT_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|__fixtures__|testdata|docs?|examples?|samples?)\/|[._]test\.|\.spec\.|\.(?:md|mdx|rst|adoc|txt)$|\.(?:example|sample|template|dist|tmpl)$/i;
const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|deno\.lock|bun\.lock|Cargo\.lock|go\.sum|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|[^/]+\.lock)$/;

/** Rules without keywords (their shape has no fixed substring): they run on every text. */
const ALWAYS = new Set(SECRET_RULES.filter((rule) => rule.keywords.length === 0));
const keywordRules = new Map<string, SecretRule[]>();
for (const rule of SECRET_RULES) {
  for (const keyword of rule.keywords) {
    keywordRules.set(keyword, [...(keywordRules.get(keyword) ?? []), rule]);
  }
}
const keywords = [...keywordRules.keys()].sort((a, b) => b.length - a.length);
/** Zero-width, so keywords inside or next to each other are all seen. */
const KEYWORD_SCAN = new RegExp(
  `(?=(${keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")}))`,
  "g",
);
/** For each keyword, the shorter keywords it starts with (they occur wherever it does). */
const prefixesOf = new Map(keywords.map((k) => [k, keywords.filter((p) => k.startsWith(p))]));

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
  for (const rule of rulesFor(text)) runRule(rule, text, hits, lenient);
  awsSecretHits(text, hits);
  urlCredentialHits(text, hits, lenient);
  if (options.textual === false || LOCKFILE.test(options.path)) {
    return hits.hits.sort((a, b) => a.start - b.start);
  }
  headerHits(text, hits, lenient);
  connectionStringHits(text, hits, lenient);
  // A long random value is named for that; shorter passwords by where they are assigned.
  entropyHits(text, hits, options.entropyThreshold, lenient);
  assignmentHits(text, hits, { path: options.path, lenient });
  return hits.hits.sort((a, b) => a.start - b.start);
}

/** The rules whose keywords occur in `text`, in table order. */
function rulesFor(text: string): SecretRule[] {
  const present = new Set<string>();
  for (const match of text.toLowerCase().matchAll(KEYWORD_SCAN)) {
    for (const keyword of prefixesOf.get(match[1]) ?? []) present.add(keyword);
  }
  const rules = new Set<SecretRule>(ALWAYS);
  for (const keyword of present) for (const rule of keywordRules.get(keyword)!) rules.add(rule);
  return SECRET_RULES.filter((rule) => rules.has(rule));
}

function runRule(rule: SecretRule, text: string, hits: HitSet, lenient: boolean): void {
  rule.regex.lastIndex = 0;
  const keyed = rule.regex.flags.includes("i");
  for (const match of text.matchAll(rule.regex)) {
    const value = match[1] ?? match[0];
    const start = match.index + match[0].lastIndexOf(value);
    const end = start + value.length;
    if (hits.taken(start, end)) continue;
    if (rule.nameMustSay && !rule.nameMustSay.test(assignedName(text, match.index, start))) {
      continue;
    }
    const block = rule.id === "private-key" || rule.id === "putty-private-key";
    if (!block && rule.id !== "jwt" && isPlaceholderToken(value)) {
      if (!keyed) hits.clear(start, end);
      continue;
    }
    if (rule.minEntropy && shannonEntropy(value) < rule.minEntropy) continue;
    const verdict = rule.check?.(value, text, match.index + match[0].length) ?? "secret";
    if (verdict === "not-secret") {
      if (!keyed && !block) hits.clear(start, end); // a checked token, not a secret
      continue;
    }
    const weak = verdict === "doubtful" || (keyed && lenient);
    const severity = weak ? "warning" : rule.severity;
    if (rule.id === "private-key" || rule.id === "putty-private-key") {
      const block = rule.id === "private-key"
        ? keyBlock(text, match.index)
        : puttyBlock(text, match.index);
      hits.add({
        start: match.index,
        end: match.index + block.length,
        value: block,
        rule: rule.id,
        label: rule.label,
        severity,
      });
    } else hits.add({ start, end, value, rule: rule.id, label: rule.label, severity });
  }
}

/** The name a keyword-anchored value is assigned to: the identifier around the keyword, up to the value. */
function assignedName(text: string, keywordAt: number, valueAt: number): string {
  let from = keywordAt;
  while (from > 0 && keywordAt - from < 40 && /[\w.-]/.test(text[from - 1])) from--;
  return text.slice(from, valueAt);
}

/** A PuTTY key file from its first line to its Private-MAC line. */
function puttyBlock(text: string, start: number): string {
  const mac = text.indexOf("Private-MAC:", start);
  const end = mac === -1 ? -1 : text.indexOf("\n", mac);
  return text.slice(start, mac === -1 ? start + 4000 : end === -1 ? text.length : end);
}

/** The whole key block from its BEGIN line to its END line (the value a baseline digests). */
function keyBlock(text: string, start: number): string {
  const end = text.indexOf("-----END", start);
  if (end === -1) return text.slice(start, start + 600);
  const close = text.indexOf("-----", end + 8);
  return text.slice(start, close === -1 ? end + 8 : close + 5);
}

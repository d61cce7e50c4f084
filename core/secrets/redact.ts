/**
 * Redaction: every secret the kernel's token-shape table finds in a text
 * (`token_shapes.ts`, the same table and verdicts as the pre-commit secret
 * scan, so every format the gate blocks is hidden here too), and every
 * password in a URL, secret-named assignment, `Authorization` header and
 * bearer token (`secret_patterns.ts`), is replaced by `[REDACTED:<rule
 * id>]`, keeping what surrounds it (`Authorization: Bearer
 * [REDACTED:github-token]`, `DB_PASSWORD=[REDACTED:secret-assignment]`), so
 * what was done stays readable while the secret is gone. Every event is
 * redacted before it is chained (core/events/chain.ts). A text that holds
 * none of the rules' keywords is returned after one regular-expression
 * test, and a value without secrets comes back as the same object, uncopied.
 * @module
 */

import {
  AUTHORIZATION_HEADER,
  AWS_SECRET_KEY,
  BEARER_TOKEN,
  CONTEXT_PATTERNS,
  CONTEXT_PREFILTER,
  looksLikeAwsSecretKey,
  PLACEHOLDER_PASSWORD,
  SECRET_ASSIGNMENT,
  SECRET_NAME,
  URL_CREDENTIALS,
} from "./secret_patterns.ts";
import { shapeMatches, shapesIn } from "./token_shapes.ts";

/** Nesting depth below which {@linkcode redactValue} replaces a value instead of walking it. */
export const MAX_REDACT_DEPTH = 64;

/** What replaces a value nested deeper than {@linkcode MAX_REDACT_DEPTH}. */
export const TOO_DEEP = "[REDACTED:too-deep]";

/** The shortest text any rule can match (`token=x`). */
const MIN_TEXT = 7;

/** A URL with credentials (`scheme://user:pass@`): cheaper to test for than to parse. */
const URL_WITH_CREDENTIALS = /:\/\/[^\s/@]+@/;

/** The pre-filters of the context rules in one test: a text without a match needs none of them. */
const CONTEXT_CANDIDATE = new RegExp(
  [
    URL_WITH_CREDENTIALS.source,
    ...CONTEXT_PATTERNS.map((pattern) => pattern.prefilter.source),
    CONTEXT_PREFILTER.source,
  ].join("|"),
  "i",
);

/** Values that stand for a secret rather than being one: `${VAR}`, `<token>`, `****`, types. */
const PLACEHOLDER =
  /^(?:[$<{%[(*]|x+$|\.\.\.|…|(?:null|undefined|none|nil|true|false|string|str|number|int|boolean|bool|any|unknown|object|required|optional|password|passwd|secret|token|changeme|redacted|example)$)/i;
/** Reads from the environment (`process.env.X`, `os.getenv(`): code, not a value. */
const ENVIRONMENT_READ =
  /^(?:process\.env\b|Deno\.env\b|import\.meta\.env\b|os\.(?:environ|getenv)\b|env\(|getenv\()/;
const AUTH_SCHEME = /^(?:bearer|basic|token|bot|digest|negotiate)$/i;
const SCHEME_PREFIX = /^(?:bearer|basic|token|bot|digest)[ \t]+/i;

/** A span of text to replace by `[REDACTED:<rule>]`. */
interface Span {
  start: number;
  end: number;
  rule: string;
}

/**
 * The text with every secret the rules find replaced by `[REDACTED:<rule>]`.
 * Redacting a redacted text changes nothing.
 *
 * @example
 * ```ts
 * redactText('curl -H "Authorization: Bearer ghp_…36 chars…" https://api.github.com');
 * // 'curl -H "Authorization: Bearer [REDACTED:github-token]" https://api.github.com'
 * redactText("DB_PASSWORD=hunter2!x"); // "DB_PASSWORD=[REDACTED:secret-assignment]"
 * redactText("password: ${DB_PASSWORD}"); // unchanged
 * ```
 */
export function redactText(text: string): string {
  if (text.length < MIN_TEXT) return text;
  let out = replaceSpans(text, shapeSpans(text));
  if (!CONTEXT_CANDIDATE.test(out)) return out;
  if (URL_WITH_CREDENTIALS.test(out)) {
    out = replaceSpans(out, groupSpans(out, URL_CREDENTIALS, urlPassword));
  }
  for (const pattern of CONTEXT_PATTERNS) {
    if (!pattern.prefilter.test(out)) continue;
    out = replaceSpans(
      out,
      groupSpans(out, pattern.regex, (match) => contextSecret(match, pattern.rule)),
    );
  }
  if (!CONTEXT_PREFILTER.test(out)) return out;
  out = replaceSpans(out, groupSpans(out, AUTHORIZATION_HEADER, authorizationCredentials));
  out = replaceSpans(out, groupSpans(out, BEARER_TOKEN, bearerToken));
  return replaceSpans(out, groupSpans(out, SECRET_ASSIGNMENT, assignedValue));
}

/**
 * A copy of a JSON value with every string redacted ({@linkcode redactText})
 * and the string value of every secret-named member (`password`,
 * `DB_PASSWORD`, `Authorization`) replaced whole; member names are kept.
 * Objects nested deeper than {@linkcode MAX_REDACT_DEPTH} are replaced by
 * {@linkcode TOO_DEEP}. Only what changes is copied: a value without
 * secrets is returned as is, and the input is never modified.
 *
 * @example
 * ```ts
 * redactValue({ env: { DB_PASSWORD: "hunter2!x" }, token_count: 12 });
 * // { env: { DB_PASSWORD: "[REDACTED:secret-field]" }, token_count: 12 }
 * ```
 */
export function redactValue<T>(value: T): T {
  return walk(value, 0) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_REDACT_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = walk(value[i], depth + 1);
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof object.toJSON === "function") {
    // Serialised through toJSON (a URL, a Date): redact what it serialises to.
    const json = object.toJSON();
    const redacted = walk(json, depth + 1); // +1: a toJSON returning itself must end too
    return redacted === json ? value : redacted;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const item = object[key];
    const next = typeof item === "string" && SECRET_NAME.test(key)
      ? redactField(item)
      : walk(item, depth + 1);
    if (next !== item) (copy ??= { ...object })[key] = next;
  }
  return copy ?? value;
}

/** The value of a secret-named member: its own redaction, or replaced whole unless a placeholder. */
function redactField(value: string): string {
  const text = redactText(value);
  if (text !== value || isPlaceholder(value)) return text;
  const scheme = SCHEME_PREFIX.exec(value)?.[0] ?? "";
  if (scheme && isPlaceholder(value.slice(scheme.length))) return value;
  return `${scheme}[REDACTED:secret-field]`;
}

function isPlaceholder(value: string): boolean {
  return value === "" || PLACEHOLDER.test(value) || ENVIRONMENT_READ.test(value);
}

/**
 * Where the token-shape rules match, in text order. Unlike the gate, which
 * must not block a public key or a token whose checksum fails, redaction
 * keeps every match but placeholders: hiding a look-alike in a log costs
 * nothing, missing a mistyped or truncated real token leaks it; a span an earlier rule took is not
 * taken again. A private key cut off before its END line goes to the end of
 * the text. An access key id makes a random 40-character string near it its
 * secret key.
 */
function shapeSpans(text: string): Span[] {
  const spans: Span[] = [];
  const taken = (start: number, end: number) =>
    spans.some((span) => start < span.end && end > span.start);
  for (const rule of shapesIn(text)) {
    for (const match of shapeMatches(rule, text)) {
      const hidden = match.verdict === "secret" || match.lookalike === true;
      if (!hidden || taken(match.start, match.end)) continue;
      const cutOff = rule.id === "private-key" && !match.value.includes("-----END");
      spans.push({ start: match.start, end: cutOff ? text.length : match.end, rule: rule.id });
      if (rule.id === "aws-access-key-id") {
        for (const secret of groupSpans(text, AWS_SECRET_KEY, awsSecretKey)) {
          if (!taken(secret.start, secret.end)) spans.push(secret);
        }
      }
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Spans of the matches of `regex` that `pick` accepts. */
function groupSpans(
  text: string,
  regex: RegExp,
  pick: (match: RegExpExecArray) => Span | undefined,
): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(regex)) {
    const span = pick(match);
    if (span) spans.push(span);
  }
  return spans;
}

/** A span of `length` characters ending `fromEnd` characters before the match's end. */
function tailSpan(match: RegExpExecArray, length: number, rule: string, fromEnd = 0): Span {
  const end = match.index + match[0].length - fromEnd;
  return { start: end - length, end, rule };
}

function contextSecret(match: RegExpExecArray, rule: string): Span | undefined {
  const secret = match[1];
  if (isPlaceholder(secret) || secret.startsWith("[REDACTED:")) return undefined;
  return {
    start: match.index + match[0].lastIndexOf(secret),
    end: match.index + match[0].lastIndexOf(secret) + secret.length,
    rule,
  };
}

function urlPassword(match: RegExpExecArray): Span | undefined {
  const password = match[1];
  if (PLACEHOLDER_PASSWORD.test(password)) return undefined;
  return tailSpan(match, password.length, "credentials-in-url", 1);
}

function awsSecretKey(match: RegExpExecArray): Span | undefined {
  const key = match[1];
  return looksLikeAwsSecretKey(key)
    ? tailSpan(match, key.length, "aws-secret-access-key")
    : undefined;
}

function authorizationCredentials(match: RegExpExecArray): Span | undefined {
  const credentials = match[5];
  // `Authorization: Bearer $TOKEN`: the scheme alone matched as the credentials.
  if (AUTH_SCHEME.test(credentials)) return undefined;
  return tailSpan(match, credentials.length, "authorization");
}

function bearerToken(match: RegExpExecArray): Span | undefined {
  return tailSpan(match, match[2].length, "bearer-token");
}

function assignedValue(match: RegExpExecArray): Span | undefined {
  const quoted = match[5];
  const value = quoted ?? match[6];
  if (isPlaceholder(value)) return undefined;
  const closing = quoted === undefined ? 0 : match[4].length;
  return tailSpan(match, value.length, "secret-assignment", closing);
}

/** The text with each span replaced by its marker; overlapping later spans are dropped. */
function replaceSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text;
  let out = "";
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue;
    out += text.slice(cursor, span.start) + `[REDACTED:${span.rule}]`;
    cursor = span.end;
  }
  return out + text.slice(cursor);
}

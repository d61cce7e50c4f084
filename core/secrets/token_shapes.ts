/**
 * The token-shape table, in one place for the whole program: every format
 * with a shape of its own (`ghp_…` with its CRC32, `SG.….…`, `hvs.…`, PEM
 * and PuTTY private keys, …) and every value that is a secret next to a
 * provider's name (`HEROKU_API_KEY=<uuid>`), as data (`token_shapes/`): an
 * id, a regular expression, keywords, and a check of look-alikes. The
 * pre-commit secret scan (plugins/local_checks) reports what they find; the
 * redaction of every event (`redact.ts`) hides it. Both go through
 * {@linkcode shapesIn} (only the rules whose keywords occur) and
 * {@linkcode shapeMatches} (the same verdict on every match).
 * @module
 */

import { shannonEntropy } from "./entropy.ts";
import { KEYED_RULES } from "./token_shapes/keyed_rules.ts";
import { MORE_TOKEN_RULES } from "./token_shapes/more_token_rules.ts";
import type { SecretRule, Verdict } from "./token_shapes/rule.ts";
import { isPlaceholderToken } from "./token_shapes/token_checks.ts";
import { TOKEN_RULES } from "./token_shapes/token_rules.ts";

export type { RuleSeverity, SecretRule, Verdict } from "./token_shapes/rule.ts";

/** Every shape rule: token rules first (most specific first), then keyword-anchored ones. */
export const TOKEN_SHAPES: readonly SecretRule[] = [
  ...TOKEN_RULES,
  ...MORE_TOKEN_RULES,
  ...KEYED_RULES,
];

/**
 * Rules without keywords (their shape has no fixed substring): they run on
 * every text that holds a dot (the only one, Discord's bot token, has two).
 */
const ALWAYS: readonly SecretRule[] = TOKEN_SHAPES.filter((rule) => rule.keywords.length === 0);
if (ALWAYS.some((rule) => !rule.regex.source.includes(String.raw`\.`))) {
  throw new Error("a shape rule without keywords must match a dot (shapesIn relies on it)");
}
const keywordRules = new Map<string, SecretRule[]>();
for (const rule of TOKEN_SHAPES) {
  for (const keyword of rule.keywords) {
    keywordRules.set(keyword, [...(keywordRules.get(keyword) ?? []), rule]);
  }
}
/**
 * Keywords by their first two characters (all are ASCII): a text is read
 * once, one array lookup per position, and only the keywords starting with
 * the two characters there are compared.
 */
const BY_BIGRAM: (string[] | undefined)[] = new Array(1 << 16).fill(undefined);
for (const keyword of keywordRules.keys()) {
  const bigram = ((keyword.charCodeAt(0) & 0xff) << 8) | (keyword.charCodeAt(1) & 0xff);
  (BY_BIGRAM[bigram] ??= []).push(keyword);
}

/** The keywords that occur in `text`. */
function keywordsIn(text: string): Set<string> {
  const lower = text.toLowerCase();
  const present = new Set<string>();
  let previous = lower.charCodeAt(0) & 0xff;
  for (let i = 1; i < lower.length; i++) {
    const current = lower.charCodeAt(i) & 0xff;
    const candidates = BY_BIGRAM[(previous << 8) | current];
    if (candidates !== undefined) {
      for (const keyword of candidates) {
        if (lower.startsWith(keyword, i - 1)) present.add(keyword);
      }
    }
    previous = current;
  }
  return present;
}

/**
 * The rules whose keywords occur in `text` (and those without keywords), in
 * table order.
 *
 * @example
 * ```ts
 * shapesIn("token = ghp_…").some((rule) => rule.id === "github-token"); // true
 * ```
 */
export function shapesIn(text: string): readonly SecretRule[] {
  const present = keywordsIn(text);
  const always = text.includes(".") ? ALWAYS : [];
  if (present.size === 0) return always;
  const rules = new Set<SecretRule>(always);
  for (const keyword of present) for (const rule of keywordRules.get(keyword)!) rules.add(rule);
  return TOKEN_SHAPES.filter((rule) => rules.has(rule));
}

/** One match of a shape rule, with the rule's verdict on it. */
export interface ShapeMatch {
  /** Where the secret is (for a key file: its whole block). */
  start: number;
  end: number;
  /** The secret (for a key file: the block from its first line). */
  value: string;
  /** `not-secret`: a checked look-alike or a placeholder (no other rule should report it). */
  verdict: Verdict;
  /** True for a keyword-anchored rule (its value means something only next to the name). */
  keyed: boolean;
  /**
   * True for a `not-secret` verdict given by the rule's check (a checksum
   * that fails, a public-by-design key): the shape of a token, not a
   * placeholder. The gate lets it pass; redaction still hides it.
   */
  lookalike?: boolean;
}

/** Rules whose match stands for a whole block of lines (the key file's body goes with it). */
const BLOCK_RULES = new Set(["private-key", "putty-private-key"]);

/**
 * Every match of `rule` in `text` with its verdict. Matches whose assigned
 * name says nothing secret, or with too little entropy, are skipped (they
 * say nothing either way); placeholders and failed checks are `not-secret`.
 *
 * @example
 * ```ts
 * [...shapeMatches(rule, "NPM=npm_…")].map((match) => match.verdict); // ["secret"]
 * ```
 */
export function* shapeMatches(rule: SecretRule, text: string): Generator<ShapeMatch> {
  const keyed = rule.regex.flags.includes("i");
  const block = BLOCK_RULES.has(rule.id);
  rule.regex.lastIndex = 0;
  for (const match of text.matchAll(rule.regex)) {
    const value = match[1] ?? match[0];
    const start = match.index + match[0].lastIndexOf(value);
    const end = start + value.length;
    if (rule.nameMustSay && !rule.nameMustSay.test(assignedName(text, match.index, start))) {
      continue;
    }
    if (!block && rule.id !== "jwt" && isPlaceholderToken(value)) {
      yield { start, end, value, verdict: "not-secret", keyed };
      continue;
    }
    if (rule.minEntropy && shannonEntropy(value) < rule.minEntropy) continue;
    const verdict = rule.check?.(value, text, match.index + match[0].length) ?? "secret";
    if (block && verdict !== "not-secret") {
      const whole = rule.id === "private-key"
        ? keyBlock(text, match.index)
        : puttyBlock(text, match.index);
      yield { start: match.index, end: match.index + whole.length, value: whole, verdict, keyed };
    } else if (verdict === "not-secret" && !block) {
      yield { start, end, value, verdict, keyed, lookalike: true };
    } else yield { start, end, value, verdict, keyed };
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

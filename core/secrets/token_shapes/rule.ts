/**
 * The shape of one secret rule, and the two builders every rule table uses:
 * {@linkcode tokenRule} for a token with a shape of its own (`ghp_…`,
 * `SG.….…`) and {@linkcode keyedRule} for a value that only means something
 * next to a name (`HEROKU_API_KEY=<uuid>`). Rules are data: the scan engine
 * (`scan_text.ts`) runs them, the corpus test and the bench score them.
 * @module
 */

/** How serious a finding of a rule is: `error` blocks a commit, `warning` only reports. */
export type RuleSeverity = "error" | "warning";

/**
 * What a rule's check says about a match: a secret (reported at the rule's
 * severity), doubtful (reported as a warning: e.g. a checksum that does not
 * match, which a real token always has), or not a secret (dropped).
 */
export type Verdict = "secret" | "doubtful" | "not-secret";

/** One secret rule. */
export interface SecretRule {
  /** Stable id, e.g. `github-token`; what findings, baselines and the corpus name. */
  id: string;
  /** What it is, for the message ("GitHub token"). */
  label: string;
  /** Global regular expression; group 1 (or the whole match) is the secret. */
  regex: RegExp;
  /** Lower-case substrings; the rule runs only on text that holds one of them (none: always). */
  keywords: readonly string[];
  severity: RuleSeverity;
  /** Bits per character the secret must reach (Shannon entropy). */
  minEntropy?: number;
  /** A closer look at a match (`text`/`end` give the surroundings). */
  check?: (secret: string, text: string, end: number) => Verdict;
  /**
   * For keyword-anchored rules: what the assigned name must also say
   * (`HEROKU_API_KEY` says "key"; `HEROKU_APP_ID` says nothing secret).
   */
  nameMustSay?: RegExp;
}

/** Options of the rule builders. */
export interface RuleOptions {
  severity?: RuleSeverity;
  minEntropy?: number;
  check?: SecretRule["check"];
  /** Keyword-anchored rules: accept any name holding the keyword (it is specific enough). */
  anyName?: boolean;
}

/** Words a name must hold for a keyword-anchored value to be a secret. */
export const SECRET_NAME_WORDS = /key|token|secret|pass|pwd|auth|cred|bearer|sid|signing|private/i;

/** What may follow a token: not another token character. */
const TOKEN_END = String.raw`(?![A-Za-z0-9_+/=-])`;

/**
 * A token with a shape of its own; `pattern` is the whole token (it becomes
 * group 1), matched at a word start and not followed by a token character.
 *
 * @example
 * ```ts
 * tokenRule("sendgrid-api-key", "SendGrid API key", String.raw`SG\.[\w-]{22}\.[\w-]{43}`, ["sg."]);
 * ```
 */
export function tokenRule(
  id: string,
  label: string,
  pattern: string,
  keywords: readonly string[],
  options: RuleOptions = {},
): SecretRule {
  return {
    id,
    label,
    regex: new RegExp(String.raw`(?<![A-Za-z0-9_])(${pattern})${TOKEN_END}`, "g"),
    keywords,
    severity: options.severity ?? "error",
    ...(options.minEntropy ? { minEntropy: options.minEntropy } : {}),
    ...(options.check ? { check: options.check } : {}),
  };
}

/**
 * A value that is a secret only next to a name that holds one of
 * `keywords` (`codecov_token: …`, `"HEROKU_API_KEY": "…"`, `heroku.key=…`):
 * the name, up to 24 more name characters, an optional closing quote, an
 * assignment operator, an optional opening quote, then `value`. Matching is
 * case-insensitive, as names and hex digits come in either case.
 *
 * @example
 * ```ts
 * keyedRule("codecov-token", "Codecov token", ["codecov"], "[0-9a-f]{8}-[0-9a-f-]{27}");
 * ```
 */
export function keyedRule(
  id: string,
  label: string,
  keywords: readonly string[],
  value: string,
  options: RuleOptions = {},
): SecretRule {
  const names = keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    id,
    label,
    regex: new RegExp(
      String.raw`(?:${names.join("|")})[\w.-]{0,24}\\?["']?[ \t]*(?:=>|:=|=|:|,)[ \t]*` +
        String.raw`\\?["'${"`"}]?(?:bearer[ \t]+)?(${value})${TOKEN_END}`,
      "gi",
    ),
    keywords: keywords.map((keyword) => keyword.toLowerCase()),
    severity: options.severity ?? "error",
    minEntropy: options.minEntropy ?? 2.5,
    ...(options.anyName ? {} : { nameMustSay: SECRET_NAME_WORDS }),
    ...(options.check ? { check: options.check } : {}),
  };
}
